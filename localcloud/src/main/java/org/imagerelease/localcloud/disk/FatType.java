package org.imagerelease.localcloud.disk;

/** The FAT variants this project writes; which one a volume is follows from its cluster count. */
public enum FatType {
  FAT16(2, 0xFFF8L, 0xFFFFL, "FAT16   "),
  FAT32(4, 0x0FFFFFF8L, 0x0FFFFFFFL, "FAT32   ");

  /** Fewest clusters a FAT16 volume may have; fewer makes it FAT12. */
  static final long MIN_FAT16_CLUSTERS = 4085;
  /** Fewest clusters a FAT32 volume may have; fewer makes it FAT16. */
  static final long MIN_FAT32_CLUSTERS = 65525;

  final int entryBytes;
  final long mediaEntry;
  final long endOfChain;
  final String fileSystemName;

  FatType(int entryBytes, long mediaEntry, long endOfChain, String fileSystemName) {
    this.entryBytes = entryBytes;
    this.mediaEntry = mediaEntry;
    this.endOfChain = endOfChain;
    this.fileSystemName = fileSystemName;
  }

  /** The type the FAT specification assigns to a volume with that many data clusters. */
  static FatType ofClusterCount(long clusters) {
    if (clusters < MIN_FAT16_CLUSTERS) {
      throw new IllegalArgumentException("FAT12 volumes (" + clusters + " clusters) are not supported");
    }
    return clusters < MIN_FAT32_CLUSTERS ? FAT16 : FAT32;
  }
}
