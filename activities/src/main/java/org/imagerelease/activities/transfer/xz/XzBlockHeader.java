package org.imagerelease.activities.transfer.xz;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.source.SourceBody;

/**
 * Reads an xz block's header for the one figure the memory budget needs: the LZMA2 dictionary
 * size, which is what a decoder of the block allocates (xz -6 writes 8 MiB, xz -9 64 MiB).
 */
public final class XzBlockHeader {
  private static final int LZMA2 = 0x21;
  private static final int LONGEST_HEADER = 1024;

  private XzBlockHeader() {}

  /** The dictionary size the block's LZMA2 filter declares; empty when the header cannot be read. */
  public static OptionalLong dictionarySize(ImageSource source, XzBlock block) {
    long end = block.compressedOffset() + Math.min(LONGEST_HEADER, block.paddedSize());
    try {
      SourceBody body = source.open(block.compressedOffset(), end);
      try (InputStream header = body.stream()) {
        if (!body.ranged()) {
          body.disconnect().run();
          return OptionalLong.empty();
        }
        return dictionarySize(header.readNBytes((int) (end - block.compressedOffset())));
      }
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** The LZMA2 dictionary size in a block header (the .xz format, 3.1 and 5.3.1). */
  static OptionalLong dictionarySize(byte[] header) {
    if (header.length < 2 || header[0] == 0) {
      return OptionalLong.empty();
    }
    int headerSize = ((header[0] & 0xff) + 1) * 4;
    int flags = header[1] & 0xff;
    int filters = (flags & 0x03) + 1;
    int[] at = {2};
    try {
      if ((flags & 0x40) != 0) {
        varint(header, at);
      }
      if ((flags & 0x80) != 0) {
        varint(header, at);
      }
      for (int filter = 0; filter < filters && at[0] < Math.min(headerSize, header.length); filter++) {
        long id = varint(header, at);
        int propertiesSize = (int) varint(header, at);
        if (id == LZMA2 && propertiesSize == 1) {
          int bits = header[at[0]] & 0x3f;
          return bits > 40 ? OptionalLong.empty() : OptionalLong.of(bits == 40 ? 0xFFFFFFFFL : (2L | (bits & 1)) << (bits / 2 + 11));
        }
        at[0] += propertiesSize;
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = bytes[at[0]++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ArrayIndexOutOfBoundsException("variable-length integer too long");
  }
}
