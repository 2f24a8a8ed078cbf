package org.imagerelease.localcloud.disk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a file of fixed length in which only pages holding a non-zero byte are written, so
 * the file system keeps every all-zero page as a hole. Positional writes may come from several
 * threads at once.
 */
public final class SparseFileWriter implements AutoCloseable {
  /** Granularity of hole detection; the page size of every file system we care about. */
  public static final int PAGE_SIZE = 4096;

  private final RandomAccessFile file;
  private final FileChannel channel;
  private final long length;
  private final AtomicLong bytesWritten = new AtomicLong();

  private SparseFileWriter(RandomAccessFile file, long length) {
    this.file = file;
    this.channel = file.getChannel();
    this.length = length;
  }

  /** Creates (or truncates) {@code path} and gives it {@code length} bytes, all holes. */
  public static SparseFileWriter create(Path path, long length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length must not be negative: " + length);
    }
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
    try {
      file.setLength(0);
      file.setLength(length);
    } catch (IOException e) {
      file.close();
      throw e;
    }
    return new SparseFileWriter(file, length);
  }

  public long length() {
    return length;
  }

  /** Bytes actually written so far (the non-zero pages); the rest of the file is holes. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** Writes {@code bytes} at {@code offset}, skipping every page-aligned run of zeros. */
  public void write(long offset, byte[] bytes) throws IOException {
    write(offset, bytes, 0, bytes.length);
  }

  /** Writes {@code bytes[from, from+count)} at {@code offset}, skipping zero pages. */
  public void write(long offset, byte[] bytes, int from, int count) throws IOException {
    if (offset < 0 || offset + count > length) {
      throw new IllegalArgumentException(
          "write of " + count + " bytes at " + offset + " exceeds file length " + length);
    }
    int position = from;
    int end = from + count;
    int runStart = -1;
    while (position < end) {
      // Windows follow absolute page boundaries, so holes line up with the file system's pages.
      long absolute = offset + (position - from);
      int window = (int) Math.min(end - position, PAGE_SIZE - Math.floorMod(absolute, PAGE_SIZE));
      boolean zero = isZero(bytes, position, window);
      if (!zero && runStart < 0) {
        runStart = position;
      } else if (zero && runStart >= 0) {
        writeFully(offset + (runStart - from), bytes, runStart, position - runStart);
        runStart = -1;
      }
      position += window;
    }
    if (runStart >= 0) {
      writeFully(offset + (runStart - from), bytes, runStart, end - runStart);
    }
  }

  private void writeFully(long offset, byte[] bytes, int from, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, from, count);
    long position = offset;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    bytesWritten.addAndGet(count);
  }

  static boolean isZero(byte[] bytes, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
