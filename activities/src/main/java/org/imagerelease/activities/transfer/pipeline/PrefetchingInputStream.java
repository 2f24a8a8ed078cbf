package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;

/**
 * Reads its source on another thread, a few chunks ahead of the consumer, so that reading and
 * hashing the source and decoding it use two cores. A failure of the source reaches the consumer
 * as the same exception, in order, after the bytes read before it.
 */
final class PrefetchingInputStream extends InputStream {

  private static final int CHUNK = 256 * 1024;
  private static final int CHUNKS_AHEAD = 8;

  /** Bytes of the source; empty with a failure when reading failed there. */
  private record Chunk(byte[] bytes, int length, Throwable failure) {}

  /** Marks the end of the source. */
  private static final Chunk END = new Chunk(new byte[0], 0, null);

  private final BlockingQueue<Chunk> ahead = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(CHUNKS_AHEAD + 2);
  private Chunk current = new Chunk(new byte[0], 0, null);
  private int position;

  /** Starts reading {@code source} on {@code fetcher}. */
  PrefetchingInputStream(InputStream source, ExecutorService fetcher) {
    fetcher.execute(() -> fetch(source));
  }

  @Override
  public int read() throws IOException {
    if (!hasBytes()) {
      return -1;
    }
    return current.bytes()[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!hasBytes()) {
      return -1;
    }
    int count = Math.min(length, current.length() - position);
    System.arraycopy(current.bytes(), position, buffer, offset, count);
    position += count;
    return count;
  }

  /** Moves on to the next chunk when the current one is used up; false at the end. */
  private boolean hasBytes() throws IOException {
    while (position == current.length()) {
      if (current.failure() != null) {
        throw rethrown(current.failure());
      }
      if (current == END) {
        return false;
      }
      if (current.length() == CHUNK) {
        spare.offer(current.bytes());
      }
      current = next();
      position = 0;
    }
    return true;
  }

  private Chunk next() throws InterruptedIOException {
    try {
      return ahead.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Stopped while waiting for source bytes");
    }
  }

  private void fetch(InputStream source) {
    try {
      Chunk last;
      do {
        last = readChunk(source);
        ahead.put(last);
      } while (last != END && last.failure() == null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The next chunk; at a failure, the bytes read before it come first and the failure follows as
   * the next chunk.
   */
  private Chunk readChunk(InputStream source) throws InterruptedException {
    byte[] bytes = spare.poll();
    bytes = bytes != null ? bytes : new byte[CHUNK];
    int length = 0;
    try {
      for (int n; length < CHUNK && (n = source.read(bytes, length, CHUNK - length)) >= 0; ) {
        length += n;
      }
    } catch (IOException | RuntimeException | Error e) {
      if (length > 0) {
        ahead.put(new Chunk(bytes, length, null));
      }
      return new Chunk(new byte[0], 0, e);
    }
    return length == 0 ? END : new Chunk(bytes, length, null);
  }

  private static IOException rethrown(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw (Error) failure;
  }
}
