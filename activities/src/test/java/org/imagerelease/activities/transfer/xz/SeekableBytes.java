package org.imagerelease.activities.transfer.xz;

import org.tukaani.xz.SeekableInputStream;

/** A byte array as xz-java's seekable input, to read reference layouts with its own decoder. */
public final class SeekableBytes extends SeekableInputStream {

  private final byte[] bytes;
  private int position;

  public SeekableBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read() {
    return position < bytes.length ? bytes[position++] & 0xff : -1;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    if (position >= bytes.length) {
      return -1;
    }
    int n = Math.min(length, bytes.length - position);
    System.arraycopy(bytes, position, target, offset, n);
    position += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long target) {
    position = (int) target;
  }
}
