package org.imagerelease.localcloud.disk;

import static org.imagerelease.localcloud.disk.GptWriter.SECTOR_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Reads a GUID partition table back and checks what firmware checks: the protective MBR,
 * both headers' signatures and CRC32s, the entry arrays' CRC32s and that the two copies agree.
 */
public final class GptReader {
  private GptReader() {}

  public static GptTable read(Path disk) throws IOException {
    try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
      return read(channel);
    }
  }

  /** Reads the table; an {@link IOException} names the first structure that is wrong. */
  public static GptTable read(FileChannel disk) throws IOException {
    long lastLba = disk.size() / SECTOR_SIZE - 1;
    byte[] mbr = readAt(disk, 0, SECTOR_SIZE);
    if ((mbr[510] & 0xFF) != 0x55 || (mbr[511] & 0xFF) != 0xAA || (mbr[446 + 4] & 0xFF) != 0xEE) {
      throw new IOException("no protective MBR (boot signature 0x55AA, partition type 0xEE)");
    }
    ByteBuffer primary = header(disk, 1, "primary");
    ByteBuffer backup = header(disk, lastLba, "backup");
    if (primary.getLong(32) != lastLba || backup.getLong(32) != 1) {
      throw new IOException("primary and backup headers do not point at each other");
    }
    byte[] entries = entries(disk, primary, "primary");
    byte[] backupEntries = entries(disk, backup, "backup");
    if (!Arrays.equals(entries, backupEntries)) {
      throw new IOException("primary and backup partition entries differ");
    }
    int entrySize = primary.getInt(84);
    List<GptPartition> partitions = new ArrayList<>();
    for (int i = 0; i < primary.getInt(80); i++) {
      ByteBuffer entry = ByteBuffer.wrap(entries, i * entrySize, entrySize)
          .slice().order(ByteOrder.LITTLE_ENDIAN);
      UUID type = GptWriter.guidOf(entries, i * entrySize);
      if (type.getMostSignificantBits() == 0 && type.getLeastSignificantBits() == 0) {
        continue;
      }
      byte[] nameBytes = Arrays.copyOfRange(entries, i * entrySize + 56, i * entrySize + 128);
      String name = new String(nameBytes, StandardCharsets.UTF_16LE);
      int end = name.indexOf('\0');
      partitions.add(new GptPartition(
          type,
          GptWriter.guidOf(entries, i * entrySize + 16),
          entry.getLong(32),
          entry.getLong(40),
          entry.getLong(48),
          end < 0 ? name : name.substring(0, end)));
    }
    return new GptTable(
        GptWriter.guidOf(primary.array(), 56),
        primary.getLong(40),
        primary.getLong(48),
        primary.getLong(32),
        partitions);
  }

  private static ByteBuffer header(FileChannel disk, long lba, String which) throws IOException {
    byte[] sector = readAt(disk, lba * SECTOR_SIZE, SECTOR_SIZE);
    if (!Arrays.equals(sector, 0, 8, GptWriter.SIGNATURE, 0, 8)) {
      throw new IOException(which + " GPT header at LBA " + lba + " has no \"EFI PART\" signature");
    }
    ByteBuffer header = ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN);
    int size = header.getInt(12);
    if (size < GptWriter.HEADER_SIZE || size > SECTOR_SIZE) {
      throw new IOException(which + " GPT header has an invalid size " + size);
    }
    long stored = Integer.toUnsignedLong(header.getInt(16));
    byte[] copy = Arrays.copyOf(sector, size);
    Arrays.fill(copy, 16, 20, (byte) 0);
    if (GptWriter.crc32(copy, 0, size) != stored) {
      throw new IOException(which + " GPT header CRC32 does not match");
    }
    if (header.getLong(24) != lba) {
      throw new IOException(which + " GPT header says it lives at LBA " + header.getLong(24));
    }
    return header;
  }

  private static byte[] entries(FileChannel disk, ByteBuffer header, String which)
      throws IOException {
    long count = Integer.toUnsignedLong(header.getInt(80));
    long entrySize = Integer.toUnsignedLong(header.getInt(84));
    if (entrySize < 128 || count * entrySize > 1 << 20) {
      throw new IOException(which + " GPT entry array has an implausible size");
    }
    byte[] entries = readAt(disk, header.getLong(72) * SECTOR_SIZE, (int) (count * entrySize));
    if (GptWriter.crc32(entries, 0, entries.length) != Integer.toUnsignedLong(header.getInt(88))) {
      throw new IOException(which + " GPT partition entry array CRC32 does not match");
    }
    return entries;
  }

  static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new IOException("disk image ends before byte " + (position + length));
      }
    }
    return buffer.array();
  }
}
