package org.imagerelease.localcloud.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Writes a protective MBR, the primary GPT (header at sector 1, 128 entries from sector 2) and
 * the backup GPT (entries before the last sector, header in it), as UEFI 2.10 chapter 5 lays
 * them out.
 */
public final class GptWriter {
  public static final int SECTOR_SIZE = 512;
  static final int ENTRY_COUNT = 128;
  static final int ENTRY_SIZE = 128;
  static final int HEADER_SIZE = 92;
  static final int ENTRY_ARRAY_SECTORS = ENTRY_COUNT * ENTRY_SIZE / SECTOR_SIZE;
  static final byte[] SIGNATURE = "EFI PART".getBytes(StandardCharsets.US_ASCII);
  static final int REVISION_1_0 = 0x00010000;

  private GptWriter() {}

  /** First sector partitions may use: after the MBR, the header and the entry array. */
  public static long firstUsableLba() {
    return 2 + ENTRY_ARRAY_SECTORS;
  }

  /** Last sector partitions may use on a disk of {@code diskSize} bytes. */
  public static long lastUsableLba(long diskSize) {
    return diskSize / SECTOR_SIZE - 2 - ENTRY_ARRAY_SECTORS;
  }

  /** Writes both tables and the protective MBR for {@code partitions} on a disk of that size. */
  public static void write(
      SparseFileWriter out, long diskSize, UUID diskGuid, List<GptPartition> partitions)
      throws IOException {
    if (diskSize % SECTOR_SIZE != 0) {
      throw new IllegalArgumentException("disk size is not a whole number of sectors: " + diskSize);
    }
    if (partitions.size() > ENTRY_COUNT) {
      throw new IllegalArgumentException("at most " + ENTRY_COUNT + " partitions");
    }
    for (GptPartition partition : partitions) {
      if (partition.firstLba() < firstUsableLba() || partition.lastLba() > lastUsableLba(diskSize)) {
        throw new IllegalArgumentException("partition outside the usable area: " + partition);
      }
    }
    long lastLba = diskSize / SECTOR_SIZE - 1;
    long backupEntriesLba = lastLba - ENTRY_ARRAY_SECTORS;
    byte[] entries = entryArray(partitions);
    out.write(0, protectiveMbr(lastLba));
    out.write(SECTOR_SIZE, header(1, lastLba, 2, diskSize, diskGuid, entries));
    out.write(2L * SECTOR_SIZE, entries);
    out.write(backupEntriesLba * SECTOR_SIZE, entries);
    out.write(lastLba * SECTOR_SIZE, header(lastLba, 1, backupEntriesLba, diskSize, diskGuid, entries));
  }

  private static byte[] protectiveMbr(long lastLba) {
    ByteBuffer mbr = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int entry = 446;
    mbr.put(entry, (byte) 0x00); // not bootable
    mbr.put(entry + 1, (byte) 0x00).put(entry + 2, (byte) 0x02).put(entry + 3, (byte) 0x00);
    mbr.put(entry + 4, (byte) 0xEE); // GPT protective
    mbr.put(entry + 5, (byte) 0xFF).put(entry + 6, (byte) 0xFF).put(entry + 7, (byte) 0xFF);
    mbr.putInt(entry + 8, 1);
    mbr.putInt(entry + 12, (int) Math.min(lastLba, 0xFFFFFFFFL));
    mbr.put(510, (byte) 0x55).put(511, (byte) 0xAA);
    return mbr.array();
  }

  private static byte[] entryArray(List<GptPartition> partitions) {
    ByteBuffer array = ByteBuffer.allocate(ENTRY_COUNT * ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < partitions.size(); i++) {
      GptPartition partition = partitions.get(i);
      int base = i * ENTRY_SIZE;
      array.put(base, guidBytes(partition.type()));
      array.put(base + 16, guidBytes(partition.unique()));
      array.putLong(base + 32, partition.firstLba());
      array.putLong(base + 40, partition.lastLba());
      array.putLong(base + 48, partition.attributes());
      byte[] name = partition.name().getBytes(StandardCharsets.UTF_16LE);
      array.put(base + 56, name);
    }
    return array.array();
  }

  private static byte[] header(
      long currentLba, long otherLba, long entriesLba, long diskSize, UUID diskGuid,
      byte[] entries) {
    ByteBuffer header = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    header.put(0, SIGNATURE);
    header.putInt(8, REVISION_1_0);
    header.putInt(12, HEADER_SIZE);
    header.putLong(24, currentLba);
    header.putLong(32, otherLba);
    header.putLong(40, firstUsableLba());
    header.putLong(48, lastUsableLba(diskSize));
    header.put(56, guidBytes(diskGuid));
    header.putLong(72, entriesLba);
    header.putInt(80, ENTRY_COUNT);
    header.putInt(84, ENTRY_SIZE);
    header.putInt(88, (int) crc32(entries, 0, entries.length));
    header.putInt(16, (int) crc32(header.array(), 0, HEADER_SIZE));
    return header.array();
  }

  /** A GUID in its on-disk form: the first three fields little-endian, the rest as written. */
  static byte[] guidBytes(UUID guid) {
    ByteBuffer bytes = ByteBuffer.allocate(16);
    long high = guid.getMostSignificantBits();
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt(0, (int) (high >>> 32));
    bytes.putShort(4, (short) (high >>> 16));
    bytes.putShort(6, (short) high);
    bytes.order(ByteOrder.BIG_ENDIAN);
    bytes.putLong(8, guid.getLeastSignificantBits());
    return bytes.array();
  }

  static UUID guidOf(byte[] bytes, int offset) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, 16).order(ByteOrder.LITTLE_ENDIAN);
    long timeLow = Integer.toUnsignedLong(buffer.getInt(offset));
    long timeMid = Short.toUnsignedLong(buffer.getShort(offset + 4));
    long timeHigh = Short.toUnsignedLong(buffer.getShort(offset + 6));
    buffer.order(ByteOrder.BIG_ENDIAN);
    return new UUID((timeLow << 32) | (timeMid << 16) | timeHigh, buffer.getLong(offset + 8));
  }

  static long crc32(byte[] bytes, int from, int count) {
    CRC32 crc = new CRC32();
    crc.update(bytes, from, count);
    return crc.getValue();
  }

  /** A random-looking (version 4) GUID drawn from {@code random}, for deterministic images. */
  public static UUID guidFrom(SeededRandom random) {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
