package org.imagerelease.activities.transfer;

import java.util.Locale;
import java.util.Optional;

/** How an image file is compressed, from its productmd format or file name. */
public enum Compression {
  /** Bytes pass through as they are (also how a mirror copies a compressed file verbatim). */
  NONE,
  XZ,
  GZIP,
  ZSTD;

  /**
   * The compression of a productmd format such as {@code raw.xz}, {@code vhdfixed.xz},
   * {@code vhd.gz}, {@code tar.gz}, {@code raw.zst}, {@code qcow2}; empty for a suffix that
   * names a compression this project cannot decode.
   */
  public static Optional<Compression> ofFormat(String format) {
    String f = format.toLowerCase(Locale.ROOT);
    if (f.endsWith(".xz")) {
      return Optional.of(XZ);
    }
    if (f.endsWith(".gz")) {
      return Optional.of(GZIP);
    }
    if (f.endsWith(".zst") || f.endsWith(".zstd")) {
      return Optional.of(ZSTD);
    }
    if (f.endsWith(".bz2") || f.endsWith(".lz") || f.endsWith(".lzma") || f.endsWith(".7z")) {
      return Optional.empty();
    }
    return Optional.of(NONE);
  }
}
