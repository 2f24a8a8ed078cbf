package org.imagerelease.localcloud.disk;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A disk image as written.
 *
 * @param file the raw image file (sparse)
 * @param virtualSize its length in bytes
 * @param dataBytes bytes actually written; everything else is holes (zeros)
 * @param diskGuid the GPT disk GUID
 * @param partitions the partitions, in table order
 * @param espUuid serial number of the EFI system partition's FAT volume ({@code XXXX-XXXX})
 * @param rootUuid serial number of the root partition's FAT volume
 */
public record DiskImage(
    Path file,
    long virtualSize,
    long dataBytes,
    UUID diskGuid,
    List<GptPartition> partitions,
    String espUuid,
    String rootUuid) {
  public DiskImage {
    partitions = List.copyOf(partitions);
  }
}
