package org.imagerelease.activities.transfer.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * One opened read of a source.
 *
 * @param stream the bytes, starting at the requested offset
 * @param fileSize the whole file's size as the source reports it, or -1 when it does not say
 * @param ranged whether the source served the requested range itself rather than the whole file
 * @param disconnect drops the connection without reading the rest; safe from another thread
 */
public record SourceBody(InputStream stream, long fileSize, boolean ranged, Runnable disconnect) {

  static SourceBody empty(long fileSize) {
    return new SourceBody(InputStream.nullInputStream(), fileSize, true, () -> {});
  }

  /** Closes after the body was read to its end, so the connection can be reused. */
  public void closeQuietly() {
    try {
      stream.close();
    } catch (IOException e) {
      disconnect.run();
    }
  }
}
