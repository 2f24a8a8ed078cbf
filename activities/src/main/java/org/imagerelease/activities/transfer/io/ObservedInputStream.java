package org.imagerelease.activities.transfer.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through unchanged and shows its subclass every chunk as it is read, and the end:
 * the frame of the streams that verify, hash or remember what they pass on. Single-byte reads and
 * skips go through the same path, so no byte passes unseen; mark and reset are not supported,
 * since a byte read twice would be seen twice.
 */
public abstract class ObservedInputStream extends FilterInputStream {

  private static final int SKIP_CHUNK = 64 * 1024;

  protected ObservedInputStream(InputStream in) {
    super(in);
  }

  /** Sees the {@code length} bytes at {@code offset} of {@code bytes} that were just read. */
  protected abstract void observe(byte[] bytes, int offset, int length) throws IOException;

  /** Called by every read that finds the end of the stream. */
  protected void ended() throws IOException {}

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      ended();
    } else if (n > 0) {
      observe(buffer, offset, n);
    }
    return n;
  }

  /** Reads the skipped bytes, so that they are observed like any others. */
  @Override
  public final long skip(long count) throws IOException {
    if (count <= 0) {
      return 0;
    }
    byte[] scratch = new byte[(int) Math.min(count, SKIP_CHUNK)];
    long skipped = 0;
    while (skipped < count) {
      int n = read(scratch, 0, (int) Math.min(scratch.length, count - skipped));
      if (n < 0) {
        break;
      }
      skipped += n;
    }
    return skipped;
  }

  @Override
  public final boolean markSupported() {
    return false;
  }

  @Override
  public final void mark(int readLimit) {}

  @Override
  public final void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }
}
