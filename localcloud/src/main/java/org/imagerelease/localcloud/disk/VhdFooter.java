package org.imagerelease.localcloud.disk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The 512-byte footer that turns a raw disk into a fixed VHD (Microsoft's VHD specification,
 * "Hard Disk Footer Format"): appended at byte {@code virtualSize}, big-endian, what Azure
 * takes as a page blob.
 */
public final class VhdFooter {
  public static final int SIZE = 512;
  static final byte[] COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
  private static final long VHD_EPOCH_SECONDS = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
  private static final int DISK_TYPE_FIXED = 2;

  private VhdFooter() {}

  /**
   * The footer of a fixed VHD of {@code virtualSize} bytes, which Azure wants to be a whole
   * number of MiB.
   */
  public static byte[] fixed(long virtualSize, Instant created, UUID uniqueId) {
    if (virtualSize <= 0 || virtualSize % (1 << 20) != 0) {
      throw new IllegalArgumentException("a fixed VHD for Azure needs a whole number of MiB: " + virtualSize);
    }
    ByteBuffer footer = ByteBuffer.allocate(SIZE);
    footer.put(0, COOKIE);
    footer.putInt(8, 0x00000002); // features: reserved bit, always set
    footer.putInt(12, 0x00010000); // file format version 1.0
    footer.putLong(16, -1L); // data offset: none for a fixed disk
    footer.putInt(24, (int) (created.getEpochSecond() - VHD_EPOCH_SECONDS));
    footer.put(28, "qemu".getBytes(StandardCharsets.US_ASCII)); // creator: what kiwi uses
    footer.putInt(32, 0x00050003);
    footer.put(36, "Wi2k".getBytes(StandardCharsets.US_ASCII));
    footer.putLong(40, virtualSize);
    footer.putLong(48, virtualSize);
    footer.putInt(56, geometry(virtualSize / 512));
    footer.putInt(60, DISK_TYPE_FIXED);
    footer.put(68, GptWriter.guidBytes(uniqueId));
    footer.putInt(64, checksum(footer.array()));
    return footer.array();
  }

  /** One's complement of the byte sum, the checksum field (bytes 64-67) counted as zero. */
  public static int checksum(byte[] footer) {
    int sum = 0;
    for (int i = 0; i < SIZE; i++) {
      if (i < 64 || i >= 68) {
        sum += footer[i] & 0xFF;
      }
    }
    return ~sum;
  }

  /** Cylinders (16 bits), heads (8) and sectors per track (8), by the specification's algorithm. */
  static int geometry(long totalSectors) {
    long sectors = Math.min(totalSectors, 65535L * 16 * 255);
    long sectorsPerTrack;
    long heads;
    long cylinderTimesHeads;
    if (sectors >= 65535L * 16 * 63) {
      sectorsPerTrack = 255;
      heads = 16;
      cylinderTimesHeads = sectors / sectorsPerTrack;
    } else {
      sectorsPerTrack = 17;
      cylinderTimesHeads = sectors / sectorsPerTrack;
      heads = Math.max(4, (cylinderTimesHeads + 1023) / 1024);
      if (cylinderTimesHeads >= heads * 1024 || heads > 16) {
        sectorsPerTrack = 31;
        heads = 16;
        cylinderTimesHeads = sectors / sectorsPerTrack;
      }
      if (cylinderTimesHeads >= heads * 1024) {
        sectorsPerTrack = 63;
        heads = 16;
        cylinderTimesHeads = sectors / sectorsPerTrack;
      }
    }
    long cylinders = cylinderTimesHeads / heads;
    return (int) ((cylinders << 16) | (heads << 8) | sectorsPerTrack);
  }
}
