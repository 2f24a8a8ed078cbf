package org.imagerelease.localcloud.compose;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.imagerelease.localcloud.Sha256;
import org.imagerelease.localcloud.disk.DiskImage;
import org.imagerelease.localcloud.disk.DiskImageSpec;
import org.imagerelease.localcloud.disk.DiskImageWriter;
import org.imagerelease.localcloud.disk.GptWriter;
import org.imagerelease.localcloud.disk.SeededRandom;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.imagerelease.localcloud.xz.XzBlockStreamWriter;
import org.imagerelease.workflows.model.ImageArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes a compose directory as Pungi lays it out, with real images made from one generated
 * disk per arch: {@code Cloud/<arch>/images/} holds the AmazonEC2 raw.xz (multi-block), the
 * Azure vhdfixed.xz (multi-block, fixed VHD footer), the GCE tar.gz ({@code disk.raw} inside)
 * and a CHECKSUM file; optionally {@code Container/<arch>/images/} holds a small OCI archive;
 * {@code metadata/images.json} lists them all with their true sizes and SHA-256s.
 */
public final class DemoComposeGenerator {
  private static final Logger log = LoggerFactory.getLogger(DemoComposeGenerator.class);
  /** Uncompressed bytes per xz block, as {@code xz -T0} picks for its default presets. */
  public static final int XZ_BLOCK_SIZE = 4 << 20;

  private final DemoComposeSpec spec;

  public DemoComposeGenerator(DemoComposeSpec spec) {
    this.spec = spec;
  }

  /** Writes the compose under {@code location} (created if needed) and describes it. */
  public DemoCompose generate(Path location) throws IOException {
    long started = System.nanoTime();
    Files.createDirectories(location);
    List<ImagesJsonWriter.Entry> entries = new ArrayList<>();
    List<DemoDisk> disks = new ArrayList<>();
    for (String arch : spec.arches()) {
      disks.add(writeCloudImages(location, arch, entries));
      if (spec.withContainerImage()) {
        entries.add(writeContainerImage(location, arch));
      }
    }
    ImagesJsonWriter.write(location.resolve("metadata/images.json"), spec, entries);
    List<ImageArtifact> images = entries.stream()
        .map(ImagesJsonWriter.Entry::artifact)
        .sorted(Comparator.comparing(ImageArtifact::path))
        .toList();
    log.info("Generated compose {} at {}: {} images in {} ms", spec.composeId(), location,
        images.size(), (System.nanoTime() - started) / 1_000_000);
    return new DemoCompose(location, spec.composeId(), images, disks);
  }

  private DemoDisk writeCloudImages(Path location, String arch, List<ImagesJsonWriter.Entry> entries)
      throws IOException {
    DiskImageSpec diskSpec = new DiskImageSpec(spec.virtualSize(),
        SeededRandom.derive(spec.seed(), arch.hashCode()), arch, spec.release(), spec.finishedAt());
    Path images = Files.createDirectories(location.resolve("Cloud").resolve(arch).resolve("images"));
    Path raw = Files.createTempFile(location, ".disk-" + arch + "-", ".raw");
    try {
      DiskImage disk = new DiskImageWriter(diskSpec).write(raw);
      String stem = "Fedora-Cloud-Base-%s-" + spec.release() + "-" + spec.imageRelease() + "." + arch;
      XzBlockStreamWriter xz = new XzBlockStreamWriter(
          spec.xzPreset(), XZ_BLOCK_SIZE, Runtime.getRuntime().availableProcessors());

      MessageDigest rawDigest = Sha256.newDigest();
      Written ec2 = writeFile(images.resolve(String.format(stem, "AmazonEC2") + ".raw.xz"), out -> {
        try (InputStream in = new DigestInputStream(Files.newInputStream(raw), rawDigest)) {
          xz.write(in, out);
        }
      });
      byte[] footer = VhdFooter.fixed(spec.virtualSize(), spec.finishedAt(),
          GptWriter.guidFrom(new SeededRandom(diskSpec.seed() ^ 0x5648444CL)));
      MessageDigest vhdDigest = Sha256.newDigest();
      Written azure = writeFile(images.resolve(String.format(stem, "Azure") + ".vhdfixed.xz"), out -> {
        try (InputStream in = new DigestInputStream(new SequenceInputStream(
            Files.newInputStream(raw), new ByteArrayInputStream(footer)), vhdDigest)) {
          xz.write(in, out);
        }
      });
      Written gce = writeFile(images.resolve(String.format(stem, "GCE") + ".tar.gz"),
          out -> writeDiskTarGz(raw, out));

      entries.add(entry(arch, "Cloud", "Cloud_Base", "raw-xz", "raw.xz", location, ec2));
      entries.add(entry(arch, "Cloud", "Cloud_Base", "vhd-compressed", "vhdfixed.xz", location, azure));
      entries.add(entry(arch, "Cloud", "Cloud_Base", "tar-gz", "tar.gz", location, gce));
      writeChecksumFile(images.resolve("Fedora-Cloud-" + spec.release() + "-" + spec.imageRelease()
          + "-" + arch + "-CHECKSUM"), List.of(ec2, azure, gce));
      return new DemoDisk(arch, spec.virtualSize(), disk.dataBytes(), Sha256.hex(rawDigest), Sha256.hex(vhdDigest),
          diskSpec);
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  /** A GCE image: a tar holding {@code disk.raw}, gzip-compressed. */
  private void writeDiskTarGz(Path raw, OutputStream out) throws IOException {
    GzipParameters parameters = new GzipParameters();
    parameters.setModificationTime(spec.finishedAt().toEpochMilli());
    // Finished, not closed: the caller owns the file stream and its digest.
    GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out, parameters);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    TarArchiveEntry entry = new TarArchiveEntry("disk.raw");
    entry.setSize(Files.size(raw));
    entry.setModTime(spec.finishedAt().toEpochMilli());
    entry.setMode(0100644);
    tar.putArchiveEntry(entry);
    try (InputStream in = Files.newInputStream(raw)) {
      in.transferTo(tar);
    }
    tar.closeArchiveEntry();
    tar.finish();
    gzip.finish();
  }

  private ImagesJsonWriter.Entry writeContainerImage(Path location, String arch) throws IOException {
    Path images = Files.createDirectories(location.resolve("Container").resolve(arch).resolve("images"));
    String osRelease = "NAME=\"Fedora Linux\"\nVERSION_ID=" + spec.release().toLowerCase(Locale.ROOT)
        + "\nVARIANT_ID=container\n";
    Written container = writeFile(images.resolve("Fedora-Container-Base-Generic-" + spec.release() + "-"
        + spec.imageRelease() + "." + arch + ".oci.tar.xz"), out -> {
          ByteArrayOutputStream tar = new ByteArrayOutputStream();
          OciArchiveWriter.write(tar, arch, osRelease, spec.finishedAt());
          XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(spec.xzPreset()));
          xz.write(tar.toByteArray());
          xz.finish();
        });
    return entry(arch, "Container", "Container_Base", "docker", "tar.xz", location, container);
  }

  private ImagesJsonWriter.Entry entry(String arch, String variant, String subvariant, String type,
      String format, Path location, Written file) {
    String path = location.relativize(file.path()).toString().replace('\\', '/');
    return new ImagesJsonWriter.Entry(
        new ImageArtifact(variant, arch, subvariant, type, format, path, file.size(), file.sha256()),
        spec.finishedAt().getEpochSecond(), false);
  }

  /** Fedora's CHECKSUM file: a size comment and a BSD-style SHA256 line per image. */
  private void writeChecksumFile(Path file, List<Written> files) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Written written : files) {
      String name = written.path().getFileName().toString();
      text.append("# ").append(name).append(": ").append(written.size()).append(" bytes\n");
      text.append("SHA256 (").append(name).append(") = ").append(written.sha256()).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.US_ASCII);
    Files.setLastModifiedTime(file, FileTime.from(spec.finishedAt()));
  }

  private record Written(Path path, long size, String sha256) {}

  @FunctionalInterface
  private interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private Written writeFile(Path file, Body body) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (OutputStream out = new DigestOutputStream(
        new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), digest)) {
      body.writeTo(out);
    }
    Files.setLastModifiedTime(file, FileTime.from(spec.finishedAt()));
    return new Written(file, Files.size(file), Sha256.hex(digest));
  }


}
