package org.imagerelease.localcloud.disk;

import static org.imagerelease.localcloud.disk.FatVolumeWriter.ATTR_DIRECTORY;
import static org.imagerelease.localcloud.disk.FatVolumeWriter.ATTR_LONG_NAME;
import static org.imagerelease.localcloud.disk.FatVolumeWriter.ATTR_VOLUME_ID;
import static org.imagerelease.localcloud.disk.FatVolumeWriter.DIR_ENTRY;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A minimal read-only FAT16/FAT32 reader: enough to list directories and read files back from
 * a volume inside a disk image, so tests can check what a writer or an upload produced.
 */
public final class FatVolumeReader {
  private final FileChannel disk;
  private final long offset;
  private final FatType type;
  private final int bytesPerSector;
  private final int sectorsPerCluster;
  private final long fatOffset;
  private final long rootDirOffset;
  private final int rootEntries;
  private final long rootCluster;
  private final long dataOffset;
  private final long clusterCount;
  private final int volumeId;
  private final String bootSectorLabel;

  private FatVolumeReader(FileChannel disk, long offset, ByteBuffer boot) throws IOException {
    this.disk = disk;
    this.offset = offset;
    this.bytesPerSector = Short.toUnsignedInt(boot.getShort(11));
    this.sectorsPerCluster = Byte.toUnsignedInt(boot.get(13));
    int reserved = Short.toUnsignedInt(boot.getShort(14));
    int fats = Byte.toUnsignedInt(boot.get(16));
    this.rootEntries = Short.toUnsignedInt(boot.getShort(17));
    long total = Short.toUnsignedInt(boot.getShort(19));
    if (total == 0) {
      total = Integer.toUnsignedLong(boot.getInt(32));
    }
    long fatSize = Short.toUnsignedInt(boot.getShort(22));
    if (fatSize == 0) {
      fatSize = Integer.toUnsignedLong(boot.getInt(36));
    }
    if (bytesPerSector < 512 || Integer.bitCount(bytesPerSector) != 1
        || sectorsPerCluster == 0 || Integer.bitCount(sectorsPerCluster) != 1 || fats == 0) {
      throw new IOException("FAT boot sector at byte " + offset + " has an invalid BPB");
    }
    int rootDirSectors = (rootEntries * DIR_ENTRY + bytesPerSector - 1) / bytesPerSector;
    long dataSectors = total - reserved - fats * fatSize - rootDirSectors;
    this.clusterCount = dataSectors / sectorsPerCluster;
    this.type = FatType.ofClusterCount(clusterCount);
    this.fatOffset = offset + (long) reserved * bytesPerSector;
    this.rootDirOffset = fatOffset + fats * fatSize * bytesPerSector;
    this.dataOffset = rootDirOffset + (long) rootDirSectors * bytesPerSector;
    this.rootCluster = type == FatType.FAT32 ? Integer.toUnsignedLong(boot.getInt(44)) : 0;
    int extended = type == FatType.FAT32 ? 64 : 36;
    this.volumeId = boot.getInt(extended + 3);
    byte[] label = new byte[11];
    boot.get(extended + 7, label);
    this.bootSectorLabel = new String(label, StandardCharsets.US_ASCII).trim();
  }

  /** Opens the FAT volume that starts at byte {@code offset} of {@code disk}. */
  public static FatVolumeReader open(FileChannel disk, long offset) throws IOException {
    byte[] sector = GptReader.readAt(disk, offset, 512);
    if ((sector[510] & 0xFF) != 0x55 || (sector[511] & 0xFF) != 0xAA) {
      throw new IOException("no FAT boot sector signature 0x55AA at byte " + offset);
    }
    return new FatVolumeReader(disk, offset, ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN));
  }

  public FatType type() {
    return type;
  }

  public long clusterCount() {
    return clusterCount;
  }

  public int clusterBytes() {
    return sectorsPerCluster * bytesPerSector;
  }

  /** The serial number as {@code XXXX-XXXX}. */
  public String volumeUuid() {
    return String.format(Locale.ROOT, "%04X-%04X", volumeId >>> 16, volumeId & 0xFFFF);
  }

  /** The label stored in the boot sector. */
  public String label() {
    return bootSectorLabel;
  }

  /** The entries of the directory at a slash-separated path ("" or "/" for the root). */
  public List<FatEntry> list(String path) throws IOException {
    byte[] directory = rootDirectory();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      FatEntry entry = find(parse(directory), part, path);
      if (!entry.directory()) {
        throw new IOException(path + " is not a directory");
      }
      directory = readChain(entry.firstCluster(), -1);
    }
    return parse(directory);
  }

  /** The content of the file at a slash-separated path. */
  public byte[] readFile(String path) throws IOException {
    int slash = path.lastIndexOf('/');
    FatEntry entry = find(list(slash < 0 ? "" : path.substring(0, slash)),
        path.substring(slash + 1), path);
    if (entry.directory()) {
      throw new IOException(path + " is a directory");
    }
    return entry.size() == 0 ? new byte[0] : readChain(entry.firstCluster(), entry.size());
  }

  private static FatEntry find(List<FatEntry> entries, String name, String path)
      throws IOException {
    for (FatEntry entry : entries) {
      if (entry.name().equalsIgnoreCase(name) || entry.shortName().equalsIgnoreCase(name)) {
        return entry;
      }
    }
    throw new FileNotFoundException(path + " (no entry " + name + ")");
  }

  private byte[] rootDirectory() throws IOException {
    return type == FatType.FAT32
        ? readChain(rootCluster, -1)
        : GptReader.readAt(disk, rootDirOffset, rootEntries * DIR_ENTRY);
  }

  /** Follows a cluster chain; {@code size} &lt; 0 reads every cluster of it. */
  private byte[] readChain(long firstCluster, long size) throws IOException {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    long cluster = firstCluster;
    long guard = clusterCount + 2;
    while (cluster >= 2 && cluster < clusterCount + 2) {
      if (guard-- == 0) {
        throw new IOException("cluster chain from " + firstCluster + " loops");
      }
      long position = dataOffset + (cluster - 2) * clusterBytes();
      content.write(GptReader.readAt(disk, position, clusterBytes()));
      if (size >= 0 && content.size() >= size) {
        break;
      }
      cluster = nextCluster(cluster);
    }
    byte[] bytes = content.toByteArray();
    if (size >= 0 && bytes.length < size) {
      throw new IOException("cluster chain from " + firstCluster + " ends before " + size + " bytes");
    }
    return size >= 0 ? Arrays.copyOf(bytes, (int) size) : bytes;
  }

  private long nextCluster(long cluster) throws IOException {
    int width = type == FatType.FAT16 ? 2 : 4;
    ByteBuffer entry = ByteBuffer.wrap(GptReader.readAt(disk, fatOffset + cluster * width, width))
        .order(ByteOrder.LITTLE_ENDIAN);
    return type == FatType.FAT16
        ? Short.toUnsignedInt(entry.getShort(0))
        : entry.getInt(0) & 0x0FFFFFFFL;
  }

  private static List<FatEntry> parse(byte[] directory) throws IOException {
    List<FatEntry> entries = new ArrayList<>();
    StringBuilder longName = new StringBuilder();
    int expectedChecksum = -1;
    ByteBuffer buffer = ByteBuffer.wrap(directory).order(ByteOrder.LITTLE_ENDIAN);
    for (int at = 0; at + DIR_ENTRY <= directory.length; at += DIR_ENTRY) {
      int first = Byte.toUnsignedInt(directory[at]);
      if (first == 0) {
        break;
      }
      byte attributes = directory[at + 11];
      if (first == 0xE5) {
        longName.setLength(0);
        continue;
      }
      if ((attributes & 0x3F) == ATTR_LONG_NAME) {
        if ((first & 0x40) != 0) {
          longName.setLength(0);
        }
        longName.insert(0, longNameChars(buffer, at));
        expectedChecksum = Byte.toUnsignedInt(directory[at + 13]);
        continue;
      }
      byte[] shortName = Arrays.copyOfRange(directory, at, at + 11);
      String name = shortName(shortName, directory[at + 12]);
      if ((attributes & ATTR_VOLUME_ID) != 0 || name.equals(".") || name.equals("..")) {
        longName.setLength(0);
        continue;
      }
      if (longName.length() > 0
          && Byte.toUnsignedInt(FatVolumeWriter.shortNameChecksum(shortName)) != expectedChecksum) {
        throw new IOException("long name '" + longName + "' does not belong to " + name);
      }
      long cluster = (Short.toUnsignedLong(buffer.getShort(at + 20)) << 16)
          | Short.toUnsignedLong(buffer.getShort(at + 26));
      entries.add(new FatEntry(
          longName.length() > 0 ? longName.toString() : name,
          name,
          (attributes & ATTR_DIRECTORY) != 0,
          Integer.toUnsignedLong(buffer.getInt(at + 28)),
          cluster));
      longName.setLength(0);
    }
    return entries;
  }

  private static String longNameChars(ByteBuffer buffer, int at) {
    int[] positions = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    StringBuilder part = new StringBuilder();
    for (int position : positions) {
      char c = (char) buffer.getShort(at + position);
      if (c == 0) {
        break;
      }
      part.append(c);
    }
    return part.toString();
  }

  /** {@code NAME.EXT}, lower-cased where the entry's case flags (byte 12) ask for it. */
  private static String shortName(byte[] raw, byte caseFlags) {
    String base = new String(raw, 0, 8, StandardCharsets.US_ASCII).trim();
    String extension = new String(raw, 8, 3, StandardCharsets.US_ASCII).trim();
    if ((caseFlags & 0x08) != 0) {
      base = base.toLowerCase(Locale.ROOT);
    }
    if ((caseFlags & 0x10) != 0) {
      extension = extension.toLowerCase(Locale.ROOT);
    }
    return extension.isEmpty() ? base : base + "." + extension;
  }
}
