package org.imagerelease.activities.transfer.xz;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.source.SourceBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the layout of an .xz file from its tail with a few ranged reads: the stream footers, the
 * indexes and the stream headers, from the last stream backwards, following the .xz format
 * specification. The indexes give every block's compressed and decoded offsets, which is what
 * decoding blocks in parallel and resuming at block boundaries need.
 */
public final class XzIndexReader {

  private static final Logger log = LoggerFactory.getLogger(XzIndexReader.class);
  /** One tail read holds the whole index of an image with thousands of blocks. */
  public static final int TAIL_WINDOW = 64 * 1024;
  private static final int STREAM_HEADER_SIZE = 12;
  /** Far above the index of any real image (about 8 bytes a block), against a corrupt footer. */
  private static final long MAX_INDEX_SIZE = 16L << 20;
  private static final byte[] HEADER_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
  private static final List<Integer> SUPPORTED_CHECKS = List.of(0, 1, 4, 10);

  private final ImageSource source;
  private final long fileSize;
  private final int windowSize;
  private long windowStart;
  private byte[] window = new byte[0];

  private XzIndexReader(ImageSource source, long fileSize, int windowSize) {
    this.source = source;
    this.fileSize = fileSize;
    this.windowSize = windowSize;
  }

  /**
   * The layout of the .xz file at {@code source}, or empty when the source cannot serve ranges,
   * reports another size than {@code fileSize}, or the tail is not a well-formed .xz index; the
   * caller then decodes the file as one stream, which reports any real damage.
   */
  public static Optional<XzLayout> read(ImageSource source, long fileSize, String imageName) {
    return read(source, fileSize, imageName, TAIL_WINDOW);
  }

  /** As {@link #read(ImageSource, long, String)}, reading at least {@code windowSize} at once. */
  static Optional<XzLayout> read(
      ImageSource source, long fileSize, String imageName, int windowSize) {
    try {
      return Optional.of(new XzIndexReader(source, fileSize, windowSize).parse());
    } catch (IOException e) {
      log.info("No usable xz index for image {} at {}: {}", imageName, source.location(),
          e.getMessage());
      return Optional.empty();
    }
  }

  private record StreamIndex(long start, int checkType, List<long[]> records) {}

  private XzLayout parse() throws IOException {
    if (fileSize < 2L * STREAM_HEADER_SIZE || fileSize % 4 != 0) {
      throw new IOException("size " + fileSize + " cannot be an .xz file");
    }
    Deque<StreamIndex> streams = new ArrayDeque<>();
    long position = fileSize;
    while (position > 0) {
      if (position < 2L * STREAM_HEADER_SIZE) {
        throw new IOException("no room for a stream before byte " + position);
      }
      byte[] footer = bytesAt(position - STREAM_HEADER_SIZE, STREAM_HEADER_SIZE);
      if (footer[8] == 0 && footer[9] == 0 && footer[10] == 0 && footer[11] == 0) {
        position -= 4; // stream padding
        continue;
      }
      int checkType = checkTypeOfFooter(footer);
      long indexSize = (Integer.toUnsignedLong(littleEndianInt(footer, 4)) + 1) * 4;
      long indexStart = position - STREAM_HEADER_SIZE - indexSize;
      if (indexSize > MAX_INDEX_SIZE || indexStart < STREAM_HEADER_SIZE) {
        throw new IOException("implausible index size " + indexSize);
      }
      List<long[]> records = parseIndex(bytesAt(indexStart, (int) indexSize));
      long blocksSize = 0;
      for (long[] record : records) {
        blocksSize += (record[0] + 3) & ~3L;
      }
      long streamStart = indexStart - blocksSize - STREAM_HEADER_SIZE;
      if (streamStart < 0) {
        throw new IOException("index describes more blocks than the file holds");
      }
      checkStreamHeader(bytesAt(streamStart, STREAM_HEADER_SIZE), footer);
      streams.addFirst(new StreamIndex(streamStart, checkType, records));
      position = streamStart;
    }
    return layoutOf(streams);
  }

  private static XzLayout layoutOf(Deque<StreamIndex> streams) throws IOException {
    List<XzBlock> blocks = new ArrayList<>();
    long decoded = 0;
    for (StreamIndex stream : streams) {
      long offset = stream.start() + STREAM_HEADER_SIZE;
      for (long[] record : stream.records()) {
        XzBlock block =
            new XzBlock(blocks.size(), offset, record[0], decoded, record[1], stream.checkType());
        blocks.add(block);
        offset = block.compressedEnd();
        decoded = Math.addExact(decoded, record[1]);
      }
    }
    return new XzLayout(blocks, decoded);
  }

  /** The records of one index as {unpadded size, uncompressed size}, after checking its CRC32. */
  private static List<long[]> parseIndex(byte[] index) throws IOException {
    int[] position = {0};
    if (index[position[0]++] != 0) {
      throw new IOException("index indicator missing");
    }
    long count = variableLengthInteger(index, position);
    if (count > index.length / 2) {
      throw new IOException("index claims " + count + " records");
    }
    List<long[]> records = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      long unpadded = variableLengthInteger(index, position);
      long uncompressed = variableLengthInteger(index, position);
      if (unpadded < 5) {
        throw new IOException("index record with unpadded size " + unpadded);
      }
      records.add(new long[] {unpadded, uncompressed});
    }
    while (position[0] % 4 != 0) {
      if (position[0] >= index.length || index[position[0]++] != 0) {
        throw new IOException("bad index padding");
      }
    }
    if (position[0] + 4 != index.length) {
      throw new IOException("index size does not match its footer");
    }
    CRC32 crc = new CRC32();
    crc.update(index, 0, position[0]);
    if ((int) crc.getValue() != littleEndianInt(index, position[0])) {
      throw new IOException("index CRC32 mismatch");
    }
    return records;
  }

  private static long variableLengthInteger(byte[] bytes, int[] position) throws IOException {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      if (position[0] >= bytes.length) {
        throw new IOException("index ends inside a number");
      }
      int b = bytes[position[0]++] & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IOException("number in index is not minimally encoded");
        }
        return value;
      }
    }
    throw new IOException("number in index is too long");
  }

  private static int checkTypeOfFooter(byte[] footer) throws IOException {
    if (footer[10] != 'Y' || footer[11] != 'Z') {
      throw new IOException("no stream footer magic");
    }
    CRC32 crc = new CRC32();
    crc.update(footer, 4, 6);
    if ((int) crc.getValue() != littleEndianInt(footer, 0)) {
      throw new IOException("stream footer CRC32 mismatch");
    }
    return checkTypeOfFlags(footer[8], footer[9]);
  }

  private static void checkStreamHeader(byte[] header, byte[] footer) throws IOException {
    if (!Arrays.equals(header, 0, HEADER_MAGIC.length, HEADER_MAGIC, 0, HEADER_MAGIC.length)) {
      throw new IOException("no stream header where the index says a stream starts");
    }
    CRC32 crc = new CRC32();
    crc.update(header, 6, 2);
    if ((int) crc.getValue() != littleEndianInt(header, 8)
        || header[6] != footer[8]
        || header[7] != footer[9]) {
      throw new IOException("stream header does not match its footer");
    }
  }

  private static int checkTypeOfFlags(byte first, byte second) throws IOException {
    int checkType = second & 0x0f;
    if (first != 0 || (second & 0xf0) != 0 || !SUPPORTED_CHECKS.contains(checkType)) {
      throw new IOException("unsupported stream flags " + first + "," + second);
    }
    return checkType;
  }

  private static int littleEndianInt(byte[] bytes, int offset) {
    return (bytes[offset] & 0xff)
        | (bytes[offset + 1] & 0xff) << 8
        | (bytes[offset + 2] & 0xff) << 16
        | (bytes[offset + 3] & 0xff) << 24;
  }

  /** Serves reads from the last fetched window; fetches a window ending at the read otherwise. */
  private byte[] bytesAt(long offset, int length) throws IOException {
    long end = offset + length;
    if (offset < windowStart || end > windowStart + window.length) {
      long start = Math.min(offset, Math.max(0, end - windowSize));
      window = fetch(start, end);
      windowStart = start;
    }
    int from = (int) (offset - windowStart);
    return Arrays.copyOfRange(window, from, from + length);
  }

  private byte[] fetch(long start, long end) throws IOException {
    SourceBody body = source.open(start, end);
    try {
      if (!body.ranged() || (body.fileSize() >= 0 && body.fileSize() != fileSize)) {
        throw new IOException(
            "source served no usable range (ranged=" + body.ranged() + ", size "
                + body.fileSize() + " where " + fileSize + " is declared)");
      }
      byte[] bytes = body.stream().readNBytes((int) (end - start));
      if (bytes.length != end - start) {
        throw new IOException("source ended inside the requested range");
      }
      body.closeQuietly();
      return bytes;
    } catch (IOException | RuntimeException e) {
      body.disconnect().run();
      throw e;
    }
  }
}
