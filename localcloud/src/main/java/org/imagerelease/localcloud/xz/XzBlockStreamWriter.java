package org.imagerelease.localcloud.xz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes one .xz stream made of independently compressed blocks of a fixed uncompressed size,
 * compressing the blocks on several threads, so the result has the shape {@code xz -T0} gives:
 * a block index at the end, from which a reader can find and decode blocks in parallel.
 *
 * <p>Each block is compressed with xz-java as a stream of its own; its block (header, data,
 * CRC64) is then lifted out and a single index and footer are written for all of them.
 */
public final class XzBlockStreamWriter {
  /** What was written. */
  public record Written(long uncompressedSize, long compressedSize, int blocks) {}

  private record EncodedBlock(byte[] block, long unpaddedSize, long uncompressedSize) {}

  private static final int HEADER_SIZE = 12;
  private static final int FOOTER_SIZE = 12;

  private final int preset;
  private final int blockSize;
  private final int threads;

  /**
   * @param preset xz preset 0 (fastest) to 9
   * @param blockSize uncompressed bytes per block, e.g. 4 MiB
   * @param threads blocks compressed at once
   */
  public XzBlockStreamWriter(int preset, int blockSize, int threads) {
    if (preset < 0 || preset > 9 || blockSize <= 0 || threads <= 0) {
      throw new IllegalArgumentException(
          "preset 0-9, positive block size and threads expected: " + preset + ", " + blockSize + ", " + threads);
    }
    this.preset = preset;
    this.blockSize = blockSize;
    this.threads = threads;
  }

  /** Compresses everything {@code in} yields into {@code out}; closes neither. */
  public Written write(InputStream in, OutputStream out) throws IOException {
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "xz-block-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      return write(in, out, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private Written write(InputStream in, OutputStream out, ExecutorService pool) throws IOException {
    byte[] streamFlags = {0x00, XZ.CHECK_CRC64};
    out.write(XZ.HEADER_MAGIC);
    out.write(streamFlags);
    out.write(littleEndianInt(crc32(streamFlags)));
    long compressed = HEADER_SIZE;
    long uncompressed = 0;
    List<long[]> records = new ArrayList<>();
    // Bounded look-ahead keeps memory at about 2 x threads blocks, in and out.
    Deque<Future<EncodedBlock>> pending = new ArrayDeque<>();
    boolean more = true;
    while (more || !pending.isEmpty()) {
      while (more && pending.size() < 2 * threads) {
        byte[] chunk = in.readNBytes(blockSize);
        if (chunk.length == 0) {
          more = false;
        } else {
          pending.add(pool.submit(() -> encode(chunk)));
        }
      }
      if (!pending.isEmpty()) {
        EncodedBlock block = await(pending.removeFirst());
        out.write(block.block());
        compressed += block.block().length;
        uncompressed += block.uncompressedSize();
        records.add(new long[] {block.unpaddedSize(), block.uncompressedSize()});
      }
    }
    byte[] index = index(records);
    out.write(index);
    ByteBuffer footer = ByteBuffer.allocate(FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    footer.putInt(4, index.length / 4 - 1);
    footer.put(8, streamFlags);
    footer.putInt(0, (int) crc32(footer.array(), 4, 6));
    footer.put(10, XZ.FOOTER_MAGIC);
    out.write(footer.array());
    compressed += index.length + FOOTER_SIZE;
    return new Written(uncompressed, compressed, records.size());
  }

  private EncodedBlock encode(byte[] chunk) throws IOException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream(chunk.length / 2 + 1024);
    try (XZOutputStream xz = new XZOutputStream(
        stream, options(), XZ.CHECK_CRC64, BasicArrayCache.getInstance())) {
      xz.write(chunk);
    }
    byte[] single = stream.toByteArray();
    ByteBuffer footer = ByteBuffer.wrap(single, single.length - FOOTER_SIZE, FOOTER_SIZE)
        .slice().order(ByteOrder.LITTLE_ENDIAN);
    int indexSize = (footer.getInt(4) + 1) * 4;
    int blockEnd = single.length - FOOTER_SIZE - indexSize;
    // The stream's index holds exactly one record: its block's unpadded and uncompressed sizes.
    long[] position = {blockEnd + 1};
    long recordCount = readVli(single, position);
    long unpadded = readVli(single, position);
    long size = readVli(single, position);
    if (recordCount != 1 || size != chunk.length) {
      throw new IOException("xz-java wrote an unexpected stream for a " + chunk.length + "-byte block");
    }
    byte[] block = new byte[blockEnd - HEADER_SIZE];
    System.arraycopy(single, HEADER_SIZE, block, 0, block.length);
    return new EncodedBlock(block, unpadded, size);
  }

  private LZMA2Options options() throws UnsupportedOptionsException {
    LZMA2Options options = new LZMA2Options(preset);
    // A dictionary larger than a block only costs memory: a block never looks outside itself.
    if (options.getDictSize() > blockSize) {
      options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, blockSize));
    }
    return options;
  }

  private static byte[] index(List<long[]> records) {
    ByteArrayOutputStream index = new ByteArrayOutputStream();
    index.write(0x00);
    writeVli(index, records.size());
    for (long[] record : records) {
      writeVli(index, record[0]);
      writeVli(index, record[1]);
    }
    while (index.size() % 4 != 0) {
      index.write(0x00);
    }
    byte[] body = index.toByteArray();
    index.writeBytes(littleEndianInt(crc32(body, 0, body.length)));
    return index.toByteArray();
  }

  private static EncodedBlock await(Future<EncodedBlock> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("xz block compression failed", e.getCause());
    }
  }

  static void writeVli(ByteArrayOutputStream out, long value) {
    long rest = value;
    while (rest >= 0x80) {
      out.write((int) (rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  static long readVli(byte[] bytes, long[] position) throws IOException {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      if (position[0] >= bytes.length) {
        throw new IOException("truncated xz variable-length integer");
      }
      int b = bytes[(int) position[0]++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("xz variable-length integer too long");
  }

  private static byte[] littleEndianInt(long value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
  }

  static long crc32(byte[] bytes) {
    return crc32(bytes, 0, bytes.length);
  }

  static long crc32(byte[] bytes, int from, int count) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, count);
    return crc.getValue();
  }
}
