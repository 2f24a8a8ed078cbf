package org.imagerelease.activities.transfer.xz;

import java.io.InputStream;
import org.imagerelease.activities.transfer.io.ObservedInputStream;

/** Passes bytes through and remembers the last eight, e.g. the check field ending an xz block. */
final class TailKeepingInputStream extends ObservedInputStream {

  private final byte[] tail = new byte[8];
  private long count;

  TailKeepingInputStream(InputStream in) {
    super(in);
  }

  /** The last eight bytes read, as a little-endian number. */
  long lastEightBytes() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (tail[(int) ((count + i) % 8)] & 0xffL) << (8 * i);
    }
    return value;
  }

  @Override
  protected void observe(byte[] buffer, int offset, int length) {
    int keep = Math.min(length, 8);
    for (int i = offset + length - keep; i < offset + length; i++) {
      tail[(int) (count % 8)] = buffer[i];
      count++;
    }
  }
}
