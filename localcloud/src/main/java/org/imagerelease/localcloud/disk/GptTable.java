package org.imagerelease.localcloud.disk;

import java.util.List;
import java.util.UUID;

/**
 * A GUID partition table as read back from a disk image.
 *
 * @param diskGuid the disk's GUID
 * @param firstUsableLba first sector partitions may use
 * @param lastUsableLba last sector partitions may use
 * @param backupHeaderLba where the backup header lives (the disk's last sector)
 * @param partitions the used entries, in table order
 */
public record GptTable(
    UUID diskGuid,
    long firstUsableLba,
    long lastUsableLba,
    long backupHeaderLba,
    List<GptPartition> partitions) {
  public GptTable {
    partitions = List.copyOf(partitions);
  }
}
