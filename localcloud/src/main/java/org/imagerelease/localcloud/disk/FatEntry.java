package org.imagerelease.localcloud.disk;

/**
 * A directory entry as read back from a FAT volume.
 *
 * @param name the long name when there is one, else the 8.3 name
 * @param shortName the 8.3 name as {@code NAME.EXT}
 * @param directory whether the entry is a subdirectory
 * @param size file size in bytes (0 for directories)
 * @param firstCluster first cluster of the content (0 for empty files)
 */
public record FatEntry(
    String name, String shortName, boolean directory, long size, long firstCluster) {}
