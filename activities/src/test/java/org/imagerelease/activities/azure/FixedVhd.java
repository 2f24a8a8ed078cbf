package org.imagerelease.activities.azure;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;

/** Fixed VHD footers as the VHD specification lays them out, for test images made by code. */
final class FixedVhd {
  private static final int ORIGINAL_SIZE = 40;
  private static final int CURRENT_SIZE = 48;
  private static final Instant CREATED = Instant.parse("2024-10-27T00:00:00Z");
  private static final UUID UNIQUE_ID = new UUID(0x4041424344454647L, 0x48494a4b4c4d4e4fL);

  private FixedVhd() {}

  /**
   * The footer of a fixed disk of {@code virtualSize} bytes, checksum set: the one localcloud
   * writes for its demo VHDs, with the sizes set afterwards where Azure would refuse them (that
   * writer makes only disks Azure takes).
   */
  static byte[] footer(long virtualSize) {
    long wholeMebibytes = Math.max(VhdFooter.MIB, virtualSize / VhdFooter.MIB * VhdFooter.MIB);
    byte[] footer = org.imagerelease.localcloud.disk.VhdFooter.fixed(wholeMebibytes, CREATED, UNIQUE_ID);
    ByteBuffer.wrap(footer).putLong(ORIGINAL_SIZE, virtualSize).putLong(CURRENT_SIZE, virtualSize);
    return withChecksum(footer);
  }

  /** The footer with its checksum field recomputed, after a test changed other fields. */
  static byte[] withChecksum(byte[] footer) {
    ByteBuffer.wrap(footer).putInt(64, (int) VhdFooter.checksum(footer));
    return footer;
  }
}
