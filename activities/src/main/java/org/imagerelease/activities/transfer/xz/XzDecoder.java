package org.imagerelease.activities.transfer.xz;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes .xz: one block apart from the others (multi-block files, on several threads), or a
 * whole file as one stream. Both verify integrity checks and sizes; damage surfaces as an {@link
 * IOException} from opening or reading, as with the other formats' decoders.
 */
public interface XzDecoder {

  /**
   * Bound on the memory one decoder may ask for. {@code xz -9} needs 65 MiB; a header asking for
   * far more is corrupt or hostile.
   */
  long MEMORY_LIMIT = 256L << 20;

  /**
   * The decoded bytes of {@code block}, whose {@link XzBlock#paddedSize()} bytes as stored in the
   * file {@code blockBytes} supplies.
   */
  InputStream block(XzBlock block, InputStream blockBytes) throws IOException;

  /** The decoded bytes of a whole file: concatenated .xz streams and stream padding. */
  InputStream file(InputStream compressed) throws IOException;

  /** Which implementation this is, for logs and the bench, e.g. {@code liblzma 5.4.1}. */
  String name();
}
