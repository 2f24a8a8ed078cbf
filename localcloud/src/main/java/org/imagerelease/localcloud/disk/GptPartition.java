package org.imagerelease.localcloud.disk;

import java.util.UUID;

/**
 * One entry of a GUID partition table.
 *
 * @param type partition type GUID, e.g. {@link #EFI_SYSTEM}
 * @param unique this partition's own GUID
 * @param firstLba first 512-byte sector of the partition
 * @param lastLba last sector of the partition, inclusive
 * @param attributes attribute bits (0 for none)
 * @param name label, at most 36 UTF-16 code units
 */
public record GptPartition(
    UUID type, UUID unique, long firstLba, long lastLba, long attributes, String name) {
  public static final UUID EFI_SYSTEM = UUID.fromString("c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
  public static final UUID BIOS_BOOT = UUID.fromString("21686148-6449-6e6f-744e-656564454649");
  public static final UUID LINUX_FILESYSTEM =
      UUID.fromString("0fc63daf-8483-4772-8e79-3d69d8477de4");

  public GptPartition {
    if (firstLba < 0 || lastLba < firstLba) {
      throw new IllegalArgumentException("bad partition extent " + firstLba + ".." + lastLba);
    }
    if (name.length() > 36) {
      throw new IllegalArgumentException("partition name longer than 36 characters: " + name);
    }
  }

  public long offset() {
    return firstLba * GptWriter.SECTOR_SIZE;
  }

  public long size() {
    return (lastLba - firstLba + 1) * GptWriter.SECTOR_SIZE;
  }
}
