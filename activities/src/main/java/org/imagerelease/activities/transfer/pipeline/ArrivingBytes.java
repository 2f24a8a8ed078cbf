package org.imagerelease.activities.transfer.pipeline;

import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A buffer for one xz block's compressed bytes that the reader fills while a decoder already
 * reads what has arrived, so download and decoding of a block overlap.
 */
final class ArrivingBytes {

  private final byte[] bytes;
  private int arrived;

  ArrivingBytes(int size) {
    this.bytes = new byte[size];
  }

  /** The buffer; the reader fills it in order, calling {@link #add(int)} after each part. */
  byte[] buffer() {
    return bytes;
  }

  synchronized void add(int count) {
    arrived += count;
    notifyAll();
  }

  /** The bytes in order; a read waits for bytes still to arrive. */
  InputStream stream() {
    return new InputStream() {
      private int position;

      @Override
      public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] target, int offset, int length) throws InterruptedIOException {
        if (position == bytes.length) {
          return -1;
        }
        int available = awaitBeyond(position);
        int count = Math.min(length, available - position);
        System.arraycopy(bytes, position, target, offset, count);
        position += count;
        return count;
      }
    };
  }

  private synchronized int awaitBeyond(int position) throws InterruptedIOException {
    try {
      while (arrived <= position) {
        wait();
      }
      return arrived;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Stopped while waiting for compressed bytes");
    }
  }
}
