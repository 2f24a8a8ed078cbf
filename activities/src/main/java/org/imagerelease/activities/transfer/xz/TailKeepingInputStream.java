package org.imagerelease.activities.transfer.xz;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes bytes through and remembers the last eight, e.g. the check field ending an xz block. */
final class TailKeepingInputStream extends FilterInputStream {

  private final byte[] tail = new byte[8];
  private long count;

  TailKeepingInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      remember(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      remember(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  /** The last eight bytes read, as a little-endian number. */
  long lastEightBytes() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (tail[(int) ((count + i) % 8)] & 0xffL) << (8 * i);
    }
    return value;
  }

  private void remember(byte[] buffer, int offset, int length) {
    int keep = Math.min(length, 8);
    for (int i = offset + length - keep; i < offset + length; i++) {
      tail[(int) (count % 8)] = buffer[i];
      count++;
    }
  }
}
