package org.imagerelease.localcloud.xz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.tukaani.xz.XZ;

/**
 * The streams and blocks of an .xz file, read from its indexes (back to front, as the format
 * intends), without decompressing anything. Lets tests and the benchmark tell a multi-block
 * file from a single-block one.
 *
 * @param streams the streams in file order
 */
public record XzLayout(List<Stream> streams) {
  /**
   * One block.
   *
   * @param compressedOffset where the block header starts in the file
   * @param unpaddedSize header + compressed data + check, without padding
   * @param uncompressedOffset where its data starts in the decompressed output
   * @param uncompressedSize bytes it decompresses to
   */
  public record Block(
      long compressedOffset, long unpaddedSize, long uncompressedOffset, long uncompressedSize) {}

  /** One stream: where it starts and its blocks. */
  public record Stream(long offset, List<Block> blocks) {}

  public XzLayout {
    streams = List.copyOf(streams);
  }

  public int blockCount() {
    return streams.stream().mapToInt(stream -> stream.blocks().size()).sum();
  }

  public long uncompressedSize() {
    return streams.stream().flatMap(stream -> stream.blocks().stream())
        .mapToLong(Block::uncompressedSize).sum();
  }

  /** The largest uncompressed block size, e.g. the {@code --block-size} the file was made with. */
  public long largestBlock() {
    return streams.stream().flatMap(stream -> stream.blocks().stream())
        .mapToLong(Block::uncompressedSize).max().orElse(0);
  }

  public static XzLayout read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(channel);
    }
  }

  public static XzLayout read(FileChannel file) throws IOException {
    List<List<long[]>> recordsPerStream = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    long end = file.size();
    while (end > 0) {
      while (end >= 4 && Arrays.equals(readAt(file, end - 4, 4), new byte[4])) {
        end -= 4; // stream padding
      }
      byte[] footer = readAt(file, end - 12, 12);
      ByteBuffer footerBuffer = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN);
      if (footer[10] != XZ.FOOTER_MAGIC[0] || footer[11] != XZ.FOOTER_MAGIC[1]
          || XzBlockStreamWriter.crc32(footer, 4, 6) != Integer.toUnsignedLong(footerBuffer.getInt(0))) {
        throw new IOException("no valid xz stream footer ending at byte " + end);
      }
      long indexSize = (Integer.toUnsignedLong(footerBuffer.getInt(4)) + 1) * 4;
      long indexStart = end - 12 - indexSize;
      byte[] index = readAt(file, indexStart, (int) indexSize);
      if (XzBlockStreamWriter.crc32(index, 0, index.length - 4)
          != Integer.toUnsignedLong(ByteBuffer.wrap(index, index.length - 4, 4)
              .order(ByteOrder.LITTLE_ENDIAN).getInt())) {
        throw new IOException("xz index CRC32 does not match at byte " + indexStart);
      }
      long[] position = {1};
      long count = XzBlockStreamWriter.readVli(index, position);
      List<long[]> records = new ArrayList<>();
      long blocksSize = 0;
      for (long i = 0; i < count; i++) {
        long unpadded = XzBlockStreamWriter.readVli(index, position);
        long uncompressed = XzBlockStreamWriter.readVli(index, position);
        records.add(new long[] {unpadded, uncompressed});
        blocksSize += (unpadded + 3) / 4 * 4;
      }
      long start = indexStart - blocksSize - 12;
      byte[] header = readAt(file, start, 6);
      if (!Arrays.equals(header, XZ.HEADER_MAGIC)) {
        throw new IOException("no xz stream header at byte " + start);
      }
      recordsPerStream.add(records);
      offsets.add(start);
      end = start;
    }
    Collections.reverse(recordsPerStream);
    Collections.reverse(offsets);
    List<Stream> streams = new ArrayList<>();
    long uncompressedOffset = 0;
    for (int s = 0; s < offsets.size(); s++) {
      List<Block> blocks = new ArrayList<>();
      long compressedOffset = offsets.get(s) + 12;
      for (long[] record : recordsPerStream.get(s)) {
        blocks.add(new Block(compressedOffset, record[0], uncompressedOffset, record[1]));
        compressedOffset += (record[0] + 3) / 4 * 4;
        uncompressedOffset += record[1];
      }
      streams.add(new Stream(offsets.get(s), blocks));
    }
    return new XzLayout(streams);
  }

  private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
    if (position < 0) {
      throw new IOException("xz structure points before the start of the file");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("xz file ends early");
      }
    }
    return buffer.array();
  }
}
