package org.imagerelease.activities.transfer.xz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Frames one block of an .xz file as a complete one-block .xz stream of its own, so any .xz
 * decoder can decode it apart from the others, on another thread: a stream header with the
 * original check type, the block, an index with the block's record and a stream footer. Decoding
 * the frame thus verifies that the block decodes to exactly the size the file's index records,
 * and its integrity check.
 */
final class XzBlockFrame {

  private static final byte[] HEADER_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
  private static final byte[] FOOTER_MAGIC = {'Y', 'Z'};

  private XzBlockFrame() {}

  /**
   * The one-block stream around {@code block}, whose {@link XzBlock#paddedSize()} bytes as stored
   * in the file {@code blockBytes} supplies.
   */
  static InputStream around(XzBlock block, InputStream blockBytes) {
    return new SequenceInputStream(
        Collections.enumeration(
            List.of(
                new ByteArrayInputStream(streamHeader(block.checkType())),
                blockBytes,
                new ByteArrayInputStream(indexAndFooter(block)))));
  }

  private static byte[] streamHeader(int checkType) {
    byte[] header = new byte[12];
    System.arraycopy(HEADER_MAGIC, 0, header, 0, HEADER_MAGIC.length);
    header[7] = (byte) checkType;
    putLittleEndianInt(header, 8, crc32(header, 6, 2));
    return header;
  }

  private static byte[] indexAndFooter(XzBlock block) {
    ByteArrayOutputStream index = new ByteArrayOutputStream(32);
    index.write(0); // index indicator
    writeVariableLengthInteger(index, 1); // one record
    writeVariableLengthInteger(index, block.unpaddedSize());
    writeVariableLengthInteger(index, block.decodedSize());
    while (index.size() % 4 != 0) {
      index.write(0);
    }
    byte[] records = index.toByteArray();
    byte[] result = new byte[records.length + 4 + 12];
    System.arraycopy(records, 0, result, 0, records.length);
    putLittleEndianInt(result, records.length, crc32(records, 0, records.length));

    int footer = records.length + 4;
    putLittleEndianInt(result, footer + 4, (records.length + 4) / 4 - 1); // backward size
    result[footer + 9] = (byte) block.checkType();
    putLittleEndianInt(result, footer, crc32(result, footer + 4, 6));
    result[footer + 10] = FOOTER_MAGIC[0];
    result[footer + 11] = FOOTER_MAGIC[1];
    return result;
  }

  private static void writeVariableLengthInteger(ByteArrayOutputStream out, long value) {
    long rest = value;
    while (rest >= 0x80) {
      out.write((int) (rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
  }

  private static int crc32(byte[] bytes, int offset, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  private static void putLittleEndianInt(byte[] bytes, int offset, int value) {
    bytes[offset] = (byte) value;
    bytes[offset + 1] = (byte) (value >>> 8);
    bytes[offset + 2] = (byte) (value >>> 16);
    bytes[offset + 3] = (byte) (value >>> 24);
  }
}
