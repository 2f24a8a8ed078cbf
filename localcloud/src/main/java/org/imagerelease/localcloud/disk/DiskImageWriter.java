package org.imagerelease.localcloud.disk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a small raw disk image laid out like a Fedora Cloud image: GPT with a BIOS boot
 * partition (x86_64), an EFI system partition (FAT) holding shim, GRUB, its configuration and
 * a boot loader entry, and a root partition (FAT, standing in for btrfs) with os-release, the
 * kernel command line, a kernel and a few libraries. About 1 MiB is data; the rest are holes.
 */
public final class DiskImageWriter {
  private static final Logger log = LoggerFactory.getLogger(DiskImageWriter.class);
  private static final long ALIGNMENT_SECTORS = 2048; // 1 MiB, as every partitioning tool does
  private static final int KIB = 1024;

  private final DiskImageSpec spec;

  public DiskImageWriter(DiskImageSpec spec) {
    this.spec = spec;
  }

  /** Writes the image to {@code file}, replacing it, and describes what was written. */
  public DiskImage write(Path file) throws IOException {
    SeededRandom random = new SeededRandom(spec.seed());
    UUID diskGuid = GptWriter.guidFrom(random);
    int espVolumeId = (int) random.nextLong();
    int rootVolumeId = (int) random.nextLong();
    String machineId = Long.toHexString(random.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    List<GptPartition> partitions = partitions(random);
    GptPartition esp = partitions.get(partitions.size() - 2);
    GptPartition root = partitions.get(partitions.size() - 1);
    LocalDateTime time = LocalDateTime.ofInstant(spec.timestamp(), ZoneOffset.UTC);

    FatVolumeWriter espVolume = new FatVolumeWriter(esp.size(), "EFI", espVolumeId, time, esp.firstLba());
    FatVolumeWriter rootVolume =
        new FatVolumeWriter(root.size(), "fedora", rootVolumeId, time, root.firstLba());
    SyntheticContent content = new SyntheticContent(SeededRandom.derive(spec.seed(), 1));
    OsFiles os = new OsFiles(spec, machineId, rootVolume.volumeUuid(), espVolume.volumeUuid());
    os.fillEsp(espVolume.root(), content);
    os.fillRoot(rootVolume.root(), content);

    try (SparseFileWriter out = SparseFileWriter.create(file, spec.virtualSize())) {
      GptWriter.write(out, spec.virtualSize(), diskGuid, partitions);
      espVolume.writeTo(out, esp.offset());
      rootVolume.writeTo(out, root.offset());
      DiskImage image = new DiskImage(file, spec.virtualSize(), out.bytesWritten(), diskGuid,
          partitions, espVolume.volumeUuid(), rootVolume.volumeUuid());
      log.debug("Wrote disk image {}: {} bytes virtual, {} bytes of data, ESP {} root {}",
          file, spec.virtualSize(), image.dataBytes(), espVolume.type(), rootVolume.type());
      return image;
    }
  }

  /** BIOS boot (x86_64 only), ESP (a quarter of the disk, 8 to 100 MiB), root (the rest). */
  private List<GptPartition> partitions(SeededRandom random) {
    long sectors = spec.virtualSize() / GptWriter.SECTOR_SIZE;
    long espSectors = Math.max(8 * 2048, Math.min(100 * 2048, sectors / 4 / 2048 * 2048));
    List<GptPartition> partitions = new ArrayList<>();
    long next = ALIGNMENT_SECTORS;
    if (spec.arch().equals("x86_64")) {
      partitions.add(new GptPartition(GptPartition.BIOS_BOOT, GptWriter.guidFrom(random),
          next, next + ALIGNMENT_SECTORS - 1, 0, "p.legacy"));
      next += ALIGNMENT_SECTORS;
    }
    partitions.add(new GptPartition(GptPartition.EFI_SYSTEM, GptWriter.guidFrom(random),
        next, next + espSectors - 1, 0, "p.UEFI"));
    next += espSectors;
    partitions.add(new GptPartition(GptPartition.LINUX_FILESYSTEM, GptWriter.guidFrom(random),
        next, GptWriter.lastUsableLba(spec.virtualSize()), 0, "p.lxroot"));
    return partitions;
  }

  /** The files of the image, named and worded as on a Fedora Cloud image. */
  private record OsFiles(DiskImageSpec spec, String machineId, String rootUuid, String espUuid) {
    String efiArch() {
      return spec.arch().equals("x86_64") ? "x64" : "aa64";
    }

    String versionId() {
      return spec.osVersion().toLowerCase(Locale.ROOT);
    }

    String kernelVersion() {
      return "6.17.8-300.fc" + versionId() + "." + spec.arch();
    }

    String commandLine() {
      String console = spec.arch().equals("x86_64") ? "console=ttyS0,115200n8" : "console=ttyAMA0";
      return "root=UUID=" + rootUuid + " ro no_timer_check net.ifnames=0 console=tty1 " + console;
    }

    void fillEsp(FatDirectory esp, SyntheticContent content) {
      String upper = efiArch().toUpperCase(Locale.ROOT);
      byte[] shim = content.binary(96 * KIB);
      esp.file("EFI/BOOT/BOOT" + upper + ".EFI", shim);
      esp.file("EFI/BOOT/fb" + efiArch() + ".efi", content.binary(48 * KIB));
      esp.file("EFI/BOOT/grub.cfg", ascii(
          "set timeout=1\n"
              + "set default=0\n"
              + "insmod part_gpt\n"
              + "insmod fat\n"
              + "search --no-floppy --fs-uuid --set=root " + rootUuid + "\n"
              + "set prefix=($root)/boot/grub2\n"
              + "blscfg\n"));
      esp.file("EFI/fedora/shim" + efiArch() + ".efi", shim);
      esp.file("EFI/fedora/grub" + efiArch() + ".efi", content.binary(256 * KIB));
      esp.file("EFI/fedora/grub.cfg", ascii(
          "search --no-floppy --fs-uuid --set=dev " + rootUuid + "\n"
              + "set prefix=($dev)/boot/grub2\n"
              + "export $prefix\n"
              + "configfile $prefix/grub.cfg\n"));
      esp.file("EFI/fedora/BOOT" + upper + ".CSV",
          ("\uFEFFshim" + efiArch() + ".efi,Fedora,,This is the boot entry for Fedora\n")
              .getBytes(StandardCharsets.UTF_16LE));
      esp.file("loader/entries/" + machineId + "-" + kernelVersion() + ".conf", ascii(
          "title Fedora Linux (" + kernelVersion() + ") " + spec.osVersion() + " (Cloud Edition)\n"
              + "version " + kernelVersion() + "\n"
              + "linux /boot/vmlinuz-" + kernelVersion() + "\n"
              + "initrd /boot/initramfs-" + kernelVersion() + ".img\n"
              + "options " + commandLine() + "\n"
              + "grub_users $grub_users\n"
              + "grub_arg --unrestricted\n"
              + "grub_class fedora\n"));
    }

    void fillRoot(FatDirectory root, SyntheticContent content) {
      byte[] osRelease = ascii(
          "NAME=\"Fedora Linux\"\n"
              + "VERSION=\"" + spec.osVersion() + " (Cloud Edition)\"\n"
              + "ID=fedora\n"
              + "VERSION_ID=" + versionId() + "\n"
              + "PLATFORM_ID=\"platform:f" + versionId() + "\"\n"
              + "PRETTY_NAME=\"Fedora Linux " + spec.osVersion() + " (Cloud Edition)\"\n"
              + "ANSI_COLOR=\"0;38;2;60;110;180\"\n"
              + "LOGO=fedora-logo-icon\n"
              + "CPE_NAME=\"cpe:/o:fedoraproject:fedora:" + versionId() + "\"\n"
              + "HOME_URL=\"https://fedoraproject.org/\"\n"
              + "SUPPORT_URL=\"https://ask.fedoraproject.org/\"\n"
              + "BUG_REPORT_URL=\"https://bugzilla.redhat.com/\"\n"
              + "VARIANT=\"Cloud Edition\"\n"
              + "VARIANT_ID=cloud\n");
      root.file("etc/os-release", osRelease);
      root.file("usr/lib/os-release", osRelease);
      root.file("etc/kernel/cmdline", ascii(commandLine() + "\n"));
      root.file("etc/fstab", ascii(
          "UUID=" + rootUuid + " / vfat defaults 0 0\n"
              + "UUID=" + espUuid + " /boot/efi vfat umask=0077,shortname=winnt 0 2\n"));
      root.file("etc/hostname", ascii("localhost\n"));
      // Cloud images ship an empty machine-id so that first boot generates one.
      root.file("etc/machine-id", new byte[0]);
      root.file("boot/vmlinuz-" + kernelVersion(), content.binary(192 * KIB));
      root.file("boot/config-" + kernelVersion(), content.text(48 * KIB));
      root.file("usr/lib64/libc.so.6", content.binary(160 * KIB));
      root.file("usr/bin/bash", content.binary(96 * KIB));
      root.directory("var/log");
      root.directory("home");
    }

    private static byte[] ascii(String text) {
      return text.getBytes(StandardCharsets.US_ASCII);
    }
  }
}
