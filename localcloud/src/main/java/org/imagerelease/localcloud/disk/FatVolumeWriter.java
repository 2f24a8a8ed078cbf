package org.imagerelease.localcloud.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.imagerelease.localcloud.disk.FatDirectory.FatFile;

/**
 * Formats a FAT16 or FAT32 volume (chosen by size, as the FAT specification does) and writes a
 * tree of directories and files into it. Names that are 8.3 names in one case per part are
 * stored as such (with the NT case bits); others get VFAT long names. Files are laid out
 * contiguously; everything not written stays a hole.
 */
public final class FatVolumeWriter {
  static final int SECTOR = 512;
  static final int DIR_ENTRY = 32;
  static final int FAT16_ROOT_ENTRIES = 512;
  static final int FAT_COUNT = 2;
  static final byte ATTR_VOLUME_ID = 0x08;
  static final byte ATTR_DIRECTORY = 0x10;
  static final byte ATTR_ARCHIVE = 0x20;
  static final byte ATTR_LONG_NAME = 0x0F;
  private static final Pattern SHORT_NAME =
      Pattern.compile("[A-Z0-9!#$%&'()@^_`{}~-]{1,8}(\\.[A-Z0-9!#$%&'()@^_`{}~-]{1,3})?");
  private static final int LFN_CHARS = 13;

  private final long totalSectors;
  private final long hiddenSectors;
  private final String label;
  private final int volumeId;
  private final LocalDateTime timestamp;
  private final Geometry geometry;
  private final FatDirectory root = new FatDirectory("/");

  /** Where everything of the volume lives, in sectors from the volume's start. */
  record Geometry(
      FatType type,
      int sectorsPerCluster,
      int reservedSectors,
      long fatSectors,
      int rootDirSectors,
      long clusterCount) {
    long dataStartSector() {
      return reservedSectors + FAT_COUNT * fatSectors + rootDirSectors;
    }

    int clusterBytes() {
      return sectorsPerCluster * SECTOR;
    }
  }

  /**
   * @param sizeBytes volume size, a whole number of sectors
   * @param label volume label, at most 11 characters
   * @param volumeId the 32-bit volume serial number (shown as XXXX-XXXX)
   * @param timestamp creation and modification time of every entry
   * @param hiddenSectors sectors before the volume on its disk (the partition's first LBA)
   */
  public FatVolumeWriter(
      long sizeBytes, String label, int volumeId, LocalDateTime timestamp, long hiddenSectors) {
    if (sizeBytes % SECTOR != 0) {
      throw new IllegalArgumentException("volume size is not a whole number of sectors");
    }
    if (label.length() > 11) {
      throw new IllegalArgumentException("volume label longer than 11 characters: " + label);
    }
    this.totalSectors = sizeBytes / SECTOR;
    this.hiddenSectors = hiddenSectors;
    this.label = label.toUpperCase(Locale.ROOT);
    this.volumeId = volumeId;
    this.timestamp = timestamp;
    this.geometry = chooseGeometry(totalSectors);
  }

  public FatDirectory root() {
    return root;
  }

  public FatType type() {
    return geometry.type();
  }

  public int clusterBytes() {
    return geometry.clusterBytes();
  }

  /** The serial number as {@code blkid} and {@code root=UUID=} show it: {@code ABCD-1234}. */
  public String volumeUuid() {
    return String.format(Locale.ROOT, "%04X-%04X", volumeId >>> 16, volumeId & 0xFFFF);
  }

  /**
   * Picks the smallest cluster of at least 2 KiB that gives a valid FAT16 volume, else a smaller
   * one, else FAT32 with clusters sized as mkfs.fat would.
   */
  static Geometry chooseGeometry(long totalSectors) {
    Geometry smallCluster = null;
    for (int sectorsPerCluster = 1; sectorsPerCluster <= 64; sectorsPerCluster *= 2) {
      Geometry candidate = layout(FatType.FAT16, totalSectors, sectorsPerCluster);
      boolean valid = candidate.clusterCount() >= FatType.MIN_FAT16_CLUSTERS + 16
          && candidate.clusterCount() < FatType.MIN_FAT32_CLUSTERS - 16;
      if (valid && sectorsPerCluster >= 4) {
        return candidate;
      }
      if (valid && smallCluster == null) {
        smallCluster = candidate;
      }
    }
    if (smallCluster != null) {
      return smallCluster;
    }
    long gib = totalSectors * SECTOR >> 30;
    int sectorsPerCluster = gib < 8 ? 8 : gib < 16 ? 16 : gib < 32 ? 32 : 64;
    Geometry fat32 = layout(FatType.FAT32, totalSectors, sectorsPerCluster);
    if (fat32.clusterCount() < FatType.MIN_FAT32_CLUSTERS + 16) {
      throw new IllegalArgumentException(
          "a volume of " + totalSectors + " sectors fits neither FAT16 nor FAT32 (too small)");
    }
    return fat32;
  }

  private static Geometry layout(FatType type, long totalSectors, int sectorsPerCluster) {
    int reserved = type == FatType.FAT32 ? 32 : 1;
    int rootDirSectors = type == FatType.FAT32 ? 0 : FAT16_ROOT_ENTRIES * DIR_ENTRY / SECTOR;
    long fatSectors = 1;
    long clusters;
    while (true) {
      long dataSectors = totalSectors - reserved - FAT_COUNT * fatSectors - rootDirSectors;
      clusters = Math.max(0, dataSectors / sectorsPerCluster);
      long needed = ((clusters + 2) * type.entryBytes + SECTOR - 1) / SECTOR;
      if (needed <= fatSectors) {
        break;
      }
      fatSectors = needed;
    }
    return new Geometry(type, sectorsPerCluster, reserved, fatSectors, rootDirSectors, clusters);
  }

  /** A child of a directory with the name entries that precede and make up its 8.3 entry. */
  private record NamedChild(
      Object node, List<byte[]> longNameSlots, byte[] shortName, byte caseFlags) {}

  /** Formats the volume at byte {@code offset} of {@code out} and writes the tree into it. */
  public void writeTo(SparseFileWriter out, long offset) throws IOException {
    Map<FatDirectory, List<NamedChild>> names = new IdentityHashMap<>();
    nameChildren(root, names);
    Map<Object, Integer> firstCluster = new IdentityHashMap<>();
    int[] next = {2};
    if (geometry.type() == FatType.FAT32) {
      firstCluster.put(root, allocate(next, directoryClusters(root, names)));
    } else if (entryCount(root, names) > FAT16_ROOT_ENTRIES) {
      throw new IllegalArgumentException("more than " + FAT16_ROOT_ENTRIES + " root entries");
    }
    allocateChildren(root, names, firstCluster, next);
    ByteBuffer fat = ByteBuffer.allocate((int) (geometry.fatSectors() * SECTOR))
        .order(ByteOrder.LITTLE_ENDIAN);
    putFat(fat, 0, geometry.type().mediaEntry);
    putFat(fat, 1, geometry.type().endOfChain);
    for (Map.Entry<Object, Integer> allocated : firstCluster.entrySet()) {
      Object node = allocated.getKey();
      int clusters = node instanceof FatFile file
          ? clustersFor(file.content().length)
          : directoryClusters((FatDirectory) node, names);
      chain(fat, allocated.getValue(), clusters);
    }

    out.write(offset, bootSector());
    if (geometry.type() == FatType.FAT32) {
      byte[] fsInfo = fsInfo(geometry.clusterCount() - (next[0] - 2), next[0]);
      out.write(offset + SECTOR, fsInfo);
      out.write(offset + 6L * SECTOR, bootSector());
      out.write(offset + 7L * SECTOR, fsInfo);
    }
    long fatStart = offset + (long) geometry.reservedSectors() * SECTOR;
    for (int copy = 0; copy < FAT_COUNT; copy++) {
      out.write(fatStart + copy * geometry.fatSectors() * SECTOR, fat.array());
    }
    writeDirectory(out, offset, root, null, names, firstCluster);
  }

  /**
   * Gives every child of every directory its 8.3 name (itself or a unique alias) and, when its
   * name is not a plain 8.3 name, its long-name slots.
   */
  private void nameChildren(FatDirectory directory, Map<FatDirectory, List<NamedChild>> names) {
    Set<String> usedShortNames = new HashSet<>();
    for (Object child : directory.children()) {
      if (caseFlags(nameOf(child)) >= 0) {
        shortNameFor(nameOf(child).toUpperCase(Locale.ROOT), usedShortNames);
      }
    }
    List<NamedChild> named = new ArrayList<>();
    for (Object child : directory.children()) {
      String name = nameOf(child);
      int caseFlags = caseFlags(name);
      if (caseFlags >= 0) {
        byte[] shortName = shortNameFor(name.toUpperCase(Locale.ROOT), new HashSet<>());
        named.add(new NamedChild(child, List.of(), shortName, (byte) caseFlags));
      } else {
        byte[] shortName = shortNameFor(name, usedShortNames);
        named.add(new NamedChild(child, longNameEntries(name, shortName), shortName, (byte) 0));
      }
    }
    names.put(directory, named);
    for (Object child : directory.children()) {
      if (child instanceof FatDirectory sub) {
        nameChildren(sub, names);
      }
    }
  }

  /**
   * For a name that is an 8.3 name apart from case, with base and extension each in one case,
   * the case bits Windows NT and Linux store in byte 12 instead of a long name (0x08: base in
   * lower case, 0x10: extension in lower case); -1 when the name needs a long name.
   */
  static int caseFlags(String name) {
    if (!SHORT_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
      return -1;
    }
    int dot = name.indexOf('.');
    String base = dot < 0 ? name : name.substring(0, dot);
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    int baseFlag = oneCase(base);
    int extensionFlag = oneCase(extension);
    if (baseFlag < 0 || extensionFlag < 0) {
      return -1;
    }
    return (baseFlag == 1 ? 0x08 : 0) | (extensionFlag == 1 ? 0x10 : 0);
  }

  /** 1 if all letters are lower case, 0 if none is, -1 if mixed. */
  private static int oneCase(String part) {
    boolean lower = !part.equals(part.toUpperCase(Locale.ROOT));
    boolean upper = !part.equals(part.toLowerCase(Locale.ROOT));
    return lower && upper ? -1 : lower ? 1 : 0;
  }

  private static String nameOf(Object child) {
    return child instanceof FatDirectory directory ? directory.name() : ((FatFile) child).name();
  }

  /** Entries a directory needs: the volume label (root) or . and .. (others), then the names. */
  private int entryCount(FatDirectory directory, Map<FatDirectory, List<NamedChild>> names) {
    int count = directory == root ? 1 : 2;
    for (NamedChild child : names.get(directory)) {
      count += child.longNameSlots().size() + 1;
    }
    return count;
  }

  private int directoryClusters(FatDirectory directory, Map<FatDirectory, List<NamedChild>> names) {
    return clustersFor((long) entryCount(directory, names) * DIR_ENTRY);
  }

  private int clustersFor(long bytes) {
    return (int) Math.max(1, (bytes + geometry.clusterBytes() - 1) / geometry.clusterBytes());
  }

  private int allocate(int[] next, int clusters) {
    int first = next[0];
    next[0] += clusters;
    if (next[0] - 2 > geometry.clusterCount()) {
      throw new IllegalStateException("FAT volume is full: " + geometry.clusterCount() + " clusters");
    }
    return first;
  }

  /** Allocates a directory's children: subdirectories' entry clusters and files, then deeper. */
  private void allocateChildren(
      FatDirectory directory, Map<FatDirectory, List<NamedChild>> names,
      Map<Object, Integer> firstCluster, int[] next) {
    for (Object child : directory.children()) {
      if (child instanceof FatDirectory sub) {
        firstCluster.put(sub, allocate(next, directoryClusters(sub, names)));
      } else if (((FatFile) child).content().length > 0) {
        firstCluster.put(child, allocate(next, clustersFor(((FatFile) child).content().length)));
      }
    }
    for (Object child : directory.children()) {
      if (child instanceof FatDirectory sub) {
        allocateChildren(sub, names, firstCluster, next);
      }
    }
  }

  private void chain(ByteBuffer fat, int first, int clusters) {
    for (int cluster = first; cluster < first + clusters - 1; cluster++) {
      putFat(fat, cluster, cluster + 1);
    }
    putFat(fat, first + clusters - 1, geometry.type().endOfChain);
  }

  private void putFat(ByteBuffer fat, int cluster, long value) {
    if (geometry.type() == FatType.FAT16) {
      fat.putShort(cluster * 2, (short) value);
    } else {
      fat.putInt(cluster * 4, (int) value);
    }
  }

  private void writeDirectory(
      SparseFileWriter out, long offset, FatDirectory directory, FatDirectory parent,
      Map<FatDirectory, List<NamedChild>> names, Map<Object, Integer> firstCluster)
      throws IOException {
    ByteBuffer content = ByteBuffer.allocate(entryCount(directory, names) * DIR_ENTRY);
    if (parent == null) {
      content.put(shortEntry(padded(label, 11), ATTR_VOLUME_ID, 0, 0));
    } else {
      int up = parent == root ? 0 : firstCluster.get(parent);
      content.put(shortEntry(padded(".", 11), ATTR_DIRECTORY, firstCluster.get(directory), 0));
      content.put(shortEntry(padded("..", 11), ATTR_DIRECTORY, up, 0));
    }
    for (NamedChild child : names.get(directory)) {
      child.longNameSlots().forEach(content::put);
      int cluster = firstCluster.getOrDefault(child.node(), 0);
      byte[] entry = child.node() instanceof FatFile file
          ? shortEntry(child.shortName(), ATTR_ARCHIVE, cluster, file.content().length)
          : shortEntry(child.shortName(), ATTR_DIRECTORY, cluster, 0);
      entry[12] = child.caseFlags();
      content.put(entry);
    }
    long position = parent == null && geometry.type() == FatType.FAT16
        ? offset + (geometry.reservedSectors() + FAT_COUNT * geometry.fatSectors()) * SECTOR
        : clusterOffset(offset, firstCluster.get(directory));
    out.write(position, content.array());
    for (Object child : directory.children()) {
      if (child instanceof FatDirectory sub) {
        writeDirectory(out, offset, sub, directory, names, firstCluster);
      } else if (child instanceof FatFile file && file.content().length > 0) {
        out.write(clusterOffset(offset, firstCluster.get(file)), file.content());
      }
    }
  }

  private long clusterOffset(long volumeOffset, int cluster) {
    return volumeOffset
        + (geometry.dataStartSector() + (long) (cluster - 2) * geometry.sectorsPerCluster()) * SECTOR;
  }

  /** A complete 32-byte 8.3 entry. */
  private byte[] shortEntry(byte[] name11, byte attributes, int cluster, long size) {
    ByteBuffer entry = ByteBuffer.allocate(DIR_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
    entry.put(0, name11, 0, 11);
    entry.put(11, attributes);
    short time = fatTime(timestamp);
    short date = fatDate(timestamp);
    if (attributes != ATTR_VOLUME_ID) {
      entry.putShort(14, time);
      entry.putShort(16, date);
      entry.putShort(18, date);
    }
    entry.putShort(20, (short) (cluster >>> 16));
    entry.putShort(22, time);
    entry.putShort(24, date);
    entry.putShort(26, (short) cluster);
    entry.putInt(28, (int) size);
    return entry.array();
  }

  static short fatTime(LocalDateTime time) {
    return (short) ((time.getHour() << 11) | (time.getMinute() << 5) | (time.getSecond() / 2));
  }

  static short fatDate(LocalDateTime time) {
    return (short) (((time.getYear() - 1980) << 9) | (time.getMonthValue() << 5) | time.getDayOfMonth());
  }

  /**
   * The 11-byte 8.3 name: the name itself when it is one, else a {@code BASENA~N.EXT} alias
   * unique in its directory. Returned as an 11-byte array (not yet a 32-byte entry).
   */
  static byte[] shortNameFor(String name, Set<String> used) {
    if (SHORT_NAME.matcher(name).matches()) {
      int dot = name.indexOf('.');
      String base = dot < 0 ? name : name.substring(0, dot);
      String extension = dot < 0 ? "" : name.substring(dot + 1);
      String alias = padRight(base, 8) + padRight(extension, 3);
      used.add(alias);
      return alias.getBytes(StandardCharsets.US_ASCII);
    }
    String upper = name.toUpperCase(Locale.ROOT);
    int dot = upper.lastIndexOf('.');
    String base = sanitize(dot > 0 ? upper.substring(0, dot) : upper);
    String extension = dot > 0 ? sanitize(upper.substring(dot + 1)) : "";
    extension = extension.substring(0, Math.min(3, extension.length()));
    for (int n = 1; n < 1_000_000; n++) {
      String tail = "~" + n;
      String stem = base.substring(0, Math.min(base.length(), 8 - tail.length()));
      String alias = padRight(stem + tail, 8) + padRight(extension, 3);
      if (used.add(alias)) {
        return alias.getBytes(StandardCharsets.US_ASCII);
      }
    }
    throw new IllegalStateException("no free short name for " + name);
  }

  private static String sanitize(String part) {
    StringBuilder out = new StringBuilder();
    for (char c : part.toCharArray()) {
      if (c == ' ' || c == '.') {
        continue;
      }
      boolean valid = c < 128 && SHORT_NAME.matcher(String.valueOf(c)).matches();
      out.append(valid ? c : '_');
    }
    return out.isEmpty() ? "_" : out.toString();
  }

  /** VFAT long-name slots, last slot first, as they precede the 8.3 entry on disk. */
  static List<byte[]> longNameEntries(String name, byte[] shortName) {
    byte checksum = shortNameChecksum(shortName);
    char[] chars = name.toCharArray();
    int slots = (chars.length + LFN_CHARS - 1) / LFN_CHARS;
    List<byte[]> entries = new ArrayList<>();
    for (int slot = slots; slot >= 1; slot--) {
      ByteBuffer entry = ByteBuffer.allocate(DIR_ENTRY).order(ByteOrder.LITTLE_ENDIAN);
      entry.put(0, (byte) (slot == slots ? slot | 0x40 : slot));
      entry.put(11, ATTR_LONG_NAME);
      entry.put(13, checksum);
      int[] positions = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
      for (int i = 0; i < LFN_CHARS; i++) {
        int index = (slot - 1) * LFN_CHARS + i;
        char value = index < chars.length ? chars[index] : index == chars.length ? 0 : (char) 0xFFFF;
        entry.putShort(positions[i], (short) value);
      }
      entries.add(entry.array());
    }
    return entries;
  }

  static byte shortNameChecksum(byte[] shortName) {
    int sum = 0;
    for (int i = 0; i < 11; i++) {
      sum = (((sum & 1) << 7) + ((sum & 0xFF) >>> 1) + (shortName[i] & 0xFF)) & 0xFF;
    }
    return (byte) sum;
  }

  private byte[] bootSector() {
    ByteBuffer boot = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    boolean fat32 = geometry.type() == FatType.FAT32;
    int bootCode = fat32 ? 0x5A : 0x3E;
    boot.put(0, (byte) 0xEB).put(1, (byte) (bootCode - 2)).put(2, (byte) 0x90);
    boot.put(3, "IRLOCAL ".getBytes(StandardCharsets.US_ASCII));
    boot.putShort(11, (short) SECTOR);
    boot.put(13, (byte) geometry.sectorsPerCluster());
    boot.putShort(14, (short) geometry.reservedSectors());
    boot.put(16, (byte) FAT_COUNT);
    boot.putShort(17, (short) (fat32 ? 0 : FAT16_ROOT_ENTRIES));
    boot.putShort(19, (short) (!fat32 && totalSectors < 0x10000 ? totalSectors : 0));
    boot.put(21, (byte) 0xF8);
    boot.putShort(22, (short) (fat32 ? 0 : geometry.fatSectors()));
    boot.putShort(24, (short) 63);
    boot.putShort(26, (short) 255);
    boot.putInt(28, (int) hiddenSectors);
    boot.putInt(32, (int) (!fat32 && totalSectors < 0x10000 ? 0 : totalSectors));
    int extended = 36;
    if (fat32) {
      boot.putInt(36, (int) geometry.fatSectors());
      boot.putInt(44, 2); // root directory cluster
      boot.putShort(48, (short) 1); // FSInfo sector
      boot.putShort(50, (short) 6); // backup boot sector
      extended = 64;
    }
    boot.put(extended, (byte) 0x80);
    boot.put(extended + 2, (byte) 0x29);
    boot.putInt(extended + 3, volumeId);
    boot.put(extended + 7, padded(label.isEmpty() ? "NO NAME" : label, 11));
    boot.put(extended + 18, geometry.type().fileSystemName.getBytes(StandardCharsets.US_ASCII));
    // Not bootable: halt in a loop, as mkfs.fat's stub does after printing its message.
    boot.put(bootCode, (byte) 0xF4).put(bootCode + 1, (byte) 0xEB).put(bootCode + 2, (byte) 0xFD);
    boot.put(bootCode + 3, "This is not a bootable disk.\r\n".getBytes(StandardCharsets.US_ASCII));
    boot.put(510, (byte) 0x55).put(511, (byte) 0xAA);
    return boot.array();
  }

  private static byte[] fsInfo(long freeClusters, int nextFree) {
    ByteBuffer info = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
    info.putInt(0, 0x41615252);
    info.putInt(484, 0x61417272);
    info.putInt(488, (int) freeClusters);
    info.putInt(492, nextFree);
    info.putInt(508, 0xAA550000);
    return info.array();
  }

  private static byte[] padded(String text, int length) {
    return padRight(text, length).getBytes(StandardCharsets.US_ASCII);
  }

  private static String padRight(String text, int length) {
    StringBuilder out = new StringBuilder(text);
    while (out.length() < length) {
      out.append(' ');
    }
    return out.toString();
  }
}
