package org.imagerelease.activities.transfer;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

/** Picks the decoder for a compression, for formats decoded as one sequential stream. */
final class DecoderSelection {

  /**
   * Bound on the memory an xz decoder may ask for, in KiB. {@code xz -9} needs 65 MiB; a header
   * asking for far more is corrupt or hostile.
   */
  static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;

  private DecoderSelection() {}

  /** The decoded bytes of {@code compressed}, which should be buffered. */
  static InputStream decoding(Compression compression, InputStream compressed) throws IOException {
    return switch (compression) {
      case NONE -> compressed;
      // Concatenated .xz streams and stream padding are decoded as one file.
      case XZ -> new XZInputStream(
          compressed, XZ_MEMORY_LIMIT_KIB, true, BasicArrayCache.getInstance());
      // pigz and parallel gzip tools write several members; all of them are the image.
      case GZIP -> GzipCompressorInputStream.builder()
          .setInputStream(compressed)
          .setDecompressConcatenated(true)
          .get();
      // Reads frame after frame until the input ends.
      case ZSTD -> new ZstdInputStream(compressed);
    };
  }
}
