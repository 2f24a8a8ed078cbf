package org.imagerelease.devtools.demo;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imagerelease.localcloud.disk.FatVolumeReader;
import org.imagerelease.localcloud.disk.GptPartition;
import org.imagerelease.localcloud.disk.GptReader;
import org.imagerelease.localcloud.disk.GptTable;
import org.imagerelease.starter.cli.Sizes;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * What the demo's test runner checks on an uploaded image, without booting it: the file decodes
 * to a raw disk; the disk has a valid GUID partition table (protective MBR, both headers and
 * entry arrays with their CRC32s); its EFI system partition is a FAT volume holding the boot
 * files UEFI firmware and shim look for. Each check runs only if the one before it held.
 */
final class BootDiskInspection {
  static final String DISK = "disk";
  static final String PARTITION_TABLE = "partition table";
  static final String EFI_SYSTEM_PARTITION = "EFI system partition";

  private BootDiskInspection() {}

  /**
   * Inspects {@code file}, the image as staged; the decoded disk is written to a temporary file
   * in {@code scratchDirectory} and removed again.
   */
  static List<ImageCheck> inspect(ImageArtifact image, Path file, Path scratchDirectory) {
    return inspect(image, scratchDirectory, disk -> RawDiskExtractor.extract(image, file, disk));
  }

  /** Inspects the disk an EBS snapshot holds, read back block by block. */
  static List<ImageCheck> inspectSnapshot(ImageArtifact image, SnapshotDisk snapshots, String region, String snapshotId, Path scratchDirectory) {
    return inspect(
        image,
        scratchDirectory,
        disk -> new RawDiskExtractor.RawDisk(snapshots.read(region, snapshotId, disk), "read back from snapshot " + snapshotId + " in " + region));
  }

  /** Inspects the disk the page blob of an Azure upload holds, read back page range by page range. */
  static List<ImageCheck> inspectPageBlob(ImageArtifact image, PageBlobDisk blobs, String composeId, String imageName, Path scratchDirectory) {
    return inspect(
        image,
        scratchDirectory,
        disk -> {
          String blob = blobs.blobOf(composeId, imageName);
          return new RawDiskExtractor.RawDisk(blobs.read(blob, disk), "read back from page blob " + blob);
        });
  }

  /** How a test gets the raw disk it inspects into the scratch file it is given. */
  @FunctionalInterface
  interface DiskSource {
    RawDiskExtractor.RawDisk writeTo(Path disk) throws IOException;
  }

  private static List<ImageCheck> inspect(ImageArtifact image, Path scratchDirectory, DiskSource source) {
    List<ImageCheck> checks = new ArrayList<>();
    String step = DISK;
    Path disk = null;
    try {
      Files.createDirectories(scratchDirectory);
      disk = Files.createTempFile(scratchDirectory, ".disk-", ".raw");
      RawDiskExtractor.RawDisk raw = source.writeTo(disk);
      checks.add(ImageCheck.ok(DISK, Sizes.bytes(raw.size()) + " raw disk (" + raw.how() + ")"));
      try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ)) {
        step = PARTITION_TABLE;
        GptTable table = GptReader.read(channel);
        checks.add(
            ImageCheck.ok(
                PARTITION_TABLE,
                "GPT with valid protective MBR, headers and entry arrays; partitions "
                    + table.partitions().stream().map(GptPartition::name).collect(Collectors.joining(", "))));
        step = EFI_SYSTEM_PARTITION;
        checks.add(ImageCheck.ok(EFI_SYSTEM_PARTITION, bootFilesOf(channel, table, image.arch())));
      }
    } catch (IOException | RuntimeException e) {
      checks.add(ImageCheck.failure(step, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } finally {
      deleteQuietly(disk);
    }
    return checks;
  }

  /** Describes the ESP's boot files, or fails naming every one that is missing or empty. */
  private static String bootFilesOf(FileChannel disk, GptTable table, String arch) throws IOException {
    GptPartition esp =
        table.partitions().stream()
            .filter(p -> p.type().equals(GptPartition.EFI_SYSTEM))
            .findFirst()
            .orElseThrow(() -> new IOException("no partition has the EFI system partition type " + GptPartition.EFI_SYSTEM));
    FatVolumeReader volume = FatVolumeReader.open(disk, esp.offset());
    List<String> present = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (String path : bootFiles(arch)) {
      try {
        byte[] content = volume.readFile(path);
        if (content.length == 0) {
          wrong.add(path + " is empty");
        } else {
          present.add(path + " (" + Sizes.bytes(content.length) + ")");
        }
      } catch (FileNotFoundException e) {
        wrong.add(path + " is missing");
      }
    }
    if (!wrong.isEmpty()) {
      throw new IOException(esp.name() + " (" + volume.type() + "): " + String.join(", ", wrong));
    }
    return esp.name() + " is " + volume.type() + " volume " + volume.label() + " with " + String.join(", ", present);
  }

  /** The files firmware (removable-media path), shim and GRUB need to boot the arch. */
  private static List<String> bootFiles(String arch) throws IOException {
    String efiArch =
        switch (arch) {
          case "x86_64" -> "x64";
          case "aarch64" -> "aa64";
          default -> throw new IOException("no UEFI boot file names known for arch " + arch);
        };
    return List.of(
        "EFI/BOOT/BOOT" + efiArch.toUpperCase(Locale.ROOT) + ".EFI",
        "EFI/fedora/shim" + efiArch + ".efi",
        "EFI/fedora/grub" + efiArch + ".efi",
        "EFI/fedora/grub.cfg");
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A scratch file left behind goes with the demo's work directory.
    }
  }
}
