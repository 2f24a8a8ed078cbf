package org.imagerelease.activities.azure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Fixed VHD footers as the VHD specification lays them out, for test images made by code. */
final class FixedVhd {
  private FixedVhd() {}

  /** The footer of a fixed disk of {@code virtualSize} bytes, checksum set. */
  static byte[] footer(long virtualSize) {
    ByteBuffer footer = ByteBuffer.allocate(VhdFooter.SIZE);
    footer.put("conectix".getBytes(StandardCharsets.US_ASCII));
    footer.putInt(0x00000002); // features: reserved bit always set
    footer.putInt(0x00010000); // format version 1.0
    footer.putLong(0xFFFFFFFFFFFFFFFFL); // data offset: none for a fixed disk
    footer.putInt(0x2E7A4E80); // seconds since 2000-01-01
    footer.put("imrl".getBytes(StandardCharsets.US_ASCII)); // creator application
    footer.putInt(0x00010000); // creator version
    footer.put("Wi2k".getBytes(StandardCharsets.US_ASCII)); // creator host OS
    footer.putLong(virtualSize); // original size
    footer.putLong(virtualSize); // current size
    footer.putInt(geometry(virtualSize));
    footer.putInt(VhdFooter.FIXED);
    footer.putInt(0); // checksum, below
    for (int i = 0; i < 16; i++) {
      footer.put((byte) (0x40 + i)); // unique id
    }
    byte[] bytes = footer.array();
    return withChecksum(bytes);
  }

  /** The footer with its checksum field recomputed, after a test changed other fields. */
  static byte[] withChecksum(byte[] footer) {
    ByteBuffer.wrap(footer).putInt(64, (int) VhdFooter.checksum(footer));
    return footer;
  }

  /** Cylinders, heads and sectors per track, by the specification's algorithm. */
  private static int geometry(long virtualSize) {
    long totalSectors = Math.min(virtualSize / 512, 65535L * 16 * 255);
    long sectorsPerTrack;
    long heads;
    long cylinderTimesHeads;
    if (totalSectors >= 65535L * 16 * 63) {
      sectorsPerTrack = 255;
      heads = 16;
      cylinderTimesHeads = totalSectors / sectorsPerTrack;
    } else {
      sectorsPerTrack = 17;
      cylinderTimesHeads = totalSectors / sectorsPerTrack;
      heads = Math.max(4, (cylinderTimesHeads + 1023) / 1024);
      if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
        sectorsPerTrack = 31;
        heads = 16;
        cylinderTimesHeads = totalSectors / sectorsPerTrack;
      }
      if (cylinderTimesHeads >= heads * 1024) {
        sectorsPerTrack = 63;
        heads = 16;
        cylinderTimesHeads = totalSectors / sectorsPerTrack;
      }
    }
    long cylinders = cylinderTimesHeads / heads;
    return (int) ((cylinders << 16) | (heads << 8) | sectorsPerTrack);
  }
}
