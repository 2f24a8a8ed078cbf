package org.imagerelease.devtools.demo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.imagerelease.workflows.model.ImageArtifact;
import org.tukaani.xz.XZInputStream;

/**
 * Turns a cloud image file as a compose ships it into the raw disk inside: {@code raw.xz} is
 * decompressed, {@code vhdfixed.xz} also loses its VHD footer (after it is checked), a GCE
 * {@code tar.gz} gives up its {@code disk.raw}. The disk is written sparse: all-zero runs stay
 * holes, so a mostly empty disk costs little space and time.
 */
final class RawDiskExtractor {
  private static final int CHUNK = 64 * 1024;
  private static final int SECTOR = 512;
  private static final String GCE_DISK = "disk.raw";
  private static final byte[] VHD_COOKIE = "conectix".getBytes(StandardCharsets.US_ASCII);
  private static final int VHD_FIXED = 2;

  private RawDiskExtractor() {}

  /**
   * What came out of an image file.
   *
   * @param size bytes of the raw disk
   * @param how the steps taken, e.g. {@code xz, VHD footer removed}
   */
  record RawDisk(long size, String how) {}

  /**
   * Writes the raw disk of {@code image}, read from {@code file}, to {@code disk}.
   *
   * @throws IOException when the file is damaged, is not what its format says, or has a format
   *     this runner cannot read (it names the format)
   */
  static RawDisk extract(ImageArtifact image, Path file, Path disk) throws IOException {
    String format = image.format();
    String compression = format.endsWith(".xz") ? "xz" : format.endsWith(".gz") ? "gzip" : "";
    String container = compression.isEmpty() ? format : format.substring(0, format.lastIndexOf('.'));
    boolean vhd = container.equals("vhdfixed") || container.equals("vhd");
    if (!container.equals("raw") && !container.equals("tar") && !vhd) {
      throw new IOException("the demo's test runner cannot read " + format + " images");
    }
    try (InputStream compressed = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        InputStream decoded = decoded(compressed, compression);
        InputStream raw = container.equals("tar") ? gceDisk(decoded) : decoded) {
      long size = writeSparse(raw, disk);
      String how = compression.isEmpty() ? "read as is" : compression + " decoded";
      if (container.equals("tar")) {
        how += ", " + GCE_DISK + " taken from the tar";
      }
      if (vhd) {
        size = removeFixedVhdFooter(disk, size);
        how += ", fixed VHD footer checked and removed";
      }
      if (size == 0 || size % SECTOR != 0) {
        throw new IOException("the disk is " + size + " bytes, not a whole number of 512-byte sectors");
      }
      return new RawDisk(size, how);
    }
  }

  private static InputStream decoded(InputStream in, String compression) throws IOException {
    return switch (compression) {
      case "xz" -> new XZInputStream(in);
      case "gzip" -> new GzipCompressorInputStream(in, true);
      default -> in;
    };
  }

  /** The stream positioned at the tar's {@code disk.raw}, as GCE wants it. */
  private static InputStream gceDisk(InputStream decoded) throws IOException {
    TarArchiveInputStream tar = new TarArchiveInputStream(decoded);
    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
      if (entry.isFile() && entry.getName().equals(GCE_DISK)) {
        return tar;
      }
    }
    throw new IOException("the tar holds no " + GCE_DISK);
  }

  private static long writeSparse(InputStream in, Path disk) throws IOException {
    byte[] buffer = new byte[CHUNK];
    byte[] zeros = new byte[CHUNK];
    long position = 0;
    try (RandomAccessFile out = new RandomAccessFile(disk.toFile(), "rw")) {
      out.setLength(0);
      int read;
      while ((read = in.readNBytes(buffer, 0, CHUNK)) > 0) {
        if (!Arrays.equals(buffer, 0, read, zeros, 0, read)) {
          out.seek(position);
          out.write(buffer, 0, read);
        }
        position += read;
      }
      out.setLength(position);
    }
    return position;
  }

  /** Checks the last sector is a fixed VHD footer matching the disk, and cuts it off. */
  private static long removeFixedVhdFooter(Path disk, long size) throws IOException {
    if (size < 2 * SECTOR) {
      throw new IOException("too small for a VHD: " + size + " bytes");
    }
    byte[] footer = new byte[VhdFooter.SIZE];
    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.seek(size - VhdFooter.SIZE);
      file.readFully(footer);
      ByteBuffer fields = ByteBuffer.wrap(footer);
      if (!Arrays.equals(footer, 0, VHD_COOKIE.length, VHD_COOKIE, 0, VHD_COOKIE.length)) {
        throw new IOException("no VHD footer (cookie \"conectix\") in the last sector");
      }
      if (fields.getInt(64) != VhdFooter.checksum(footer)) {
        throw new IOException("the VHD footer's checksum does not match");
      }
      if (fields.getInt(60) != VHD_FIXED) {
        throw new IOException("the VHD is not a fixed disk (disk type " + fields.getInt(60) + "); Azure takes only fixed VHDs");
      }
      long diskSize = size - VhdFooter.SIZE;
      if (fields.getLong(48) != diskSize) {
        throw new IOException("the VHD footer says " + fields.getLong(48) + " bytes, the disk before it has " + diskSize);
      }
      file.setLength(diskSize);
      return diskSize;
    }
  }
}
