package org.imagerelease.activities.azure;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

/**
 * A small fixed VHD made by code, shaped like a sparse disk image as seen in 4 MiB upload
 * blocks: dense data, whole zero blocks, zero stretches and single islands inside blocks, a
 * block full of data, and a last block whose data ends before the footer.
 */
final class TestVhd {
  static final int MIB = 1 << 20;
  /** 22 MiB: five whole 4 MiB blocks, then 2 MiB of data and the footer in the sixth. */
  static final long VIRTUAL_SIZE = 22L * MIB;

  private TestVhd() {}

  static byte[] image(long seed) {
    return image(seed, FixedVhd.footer(VIRTUAL_SIZE));
  }

  /** The disk with the given 512 bytes as its footer. */
  static byte[] image(long seed, byte[] footer) {
    byte[] disk = new byte[(int) VIRTUAL_SIZE + VhdFooter.SIZE];
    Random random = new Random(seed);
    fill(disk, 0, MIB, random); // block 0: 1 MiB of data,
    fill(disk, 2 * MIB, 4096, random); // an island, the rest zero
    // block 1 (4-8 MiB): all zero
    fill(disk, 8 * MIB, 4 * MIB, random); // block 2: full, one 4 MiB Put Page
    for (int at = 12 * MIB; at < 16 * MIB; at += 64 * 1024) {
      fill(disk, at, 512, random); // block 3: single pages between zero stretches
    }
    // block 4 (16-20 MiB): all zero
    fill(disk, 20 * MIB, MIB, random); // block 5: 1 MiB of data, 1 MiB of zero, then the footer
    System.arraycopy(footer, 0, disk, (int) VIRTUAL_SIZE, VhdFooter.SIZE);
    return disk;
  }

  /** The 512-byte pages of {@code image} that are not all zero. */
  static BitSet nonZeroPages(byte[] image) {
    BitSet pages = new BitSet();
    byte[] zero = new byte[512];
    for (int page = 0; page * 512 < image.length; page++) {
      if (Arrays.mismatch(image, page * 512, page * 512 + 512, zero, 0, 512) >= 0) {
        pages.set(page);
      }
    }
    return pages;
  }

  /** Bytes that look like a file system's: never a whole zero page, and cheap for xz. */
  private static void fill(byte[] disk, int offset, int length, Random random) {
    for (int i = offset; i < offset + length; i++) {
      disk[i] = (byte) ('a' + random.nextInt(16));
    }
  }
}
