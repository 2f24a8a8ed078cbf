package org.imagerelease.localcloud.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.imagerelease.localcloud.ExternalTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskImageWriterTest {
  @TempDir static Path dir;
  static DiskImage image;

  @BeforeAll
  static void writeDefaultImage() throws IOException {
    image = new DiskImageWriter(DiskImageSpec.defaults()).write(dir.resolve("disk.raw"));
  }

  @Test
  void writesProtectiveMbrAndMatchingPrimaryAndBackupGpt() throws IOException {
    GptTable table = GptReader.read(image.file());

    assertThat(table.diskGuid()).isEqualTo(image.diskGuid());
    assertThat(table.backupHeaderLba()).isEqualTo(64L * 2048 - 1);
    assertThat(table.partitions()).extracting(GptPartition::name)
        .containsExactly("p.legacy", "p.UEFI", "p.lxroot");
    assertThat(table.partitions()).extracting(GptPartition::type).containsExactly(
        GptPartition.BIOS_BOOT, GptPartition.EFI_SYSTEM, GptPartition.LINUX_FILESYSTEM);
    assertThat(table.partitions()).isEqualTo(image.partitions());
    assertThat(table.partitions().get(1).firstLba() % 2048).isZero();
    assertThat(table.partitions().get(2).lastLba()).isEqualTo(table.lastUsableLba());
  }

  @Test
  void rejectsGptWhoseHeaderWasAltered() throws IOException {
    Path copy = Files.copy(image.file(), dir.resolve("altered.raw"));
    try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
      file.seek(512 + 40); // first usable LBA
      file.write(0x7F);
    }

    assertThatThrownBy(() -> GptReader.read(copy))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("primary GPT header CRC32");
  }

  @Test
  void rejectsGptWhosePartitionEntriesWereAltered() throws IOException {
    Path copy = Files.copy(image.file(), dir.resolve("entries.raw"));
    try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
      file.seek(1024 + 128 + 56); // name of the second partition
      file.write('X');
    }

    assertThatThrownBy(() -> GptReader.read(copy))
        .hasMessageContaining("primary GPT partition entry array CRC32");
  }

  @Test
  void efiSystemPartitionHoldsBootLoaderAndBootEntryReadableAsFat() throws IOException {
    try (FileChannel disk = FileChannel.open(image.file(), StandardOpenOption.READ)) {
      FatVolumeReader esp = FatVolumeReader.open(disk, image.partitions().get(1).offset());

      assertThat(esp.type()).isEqualTo(FatType.FAT16);
      assertThat(esp.label()).isEqualTo("EFI");
      assertThat(esp.volumeUuid()).isEqualTo(image.espUuid());
      assertThat(esp.list("EFI/BOOT")).extracting(FatEntry::name)
          .containsExactly("BOOTX64.EFI", "fbx64.efi", "grub.cfg");
      assertThat(text(esp.readFile("/EFI/BOOT/grub.cfg")))
          .contains("search --no-floppy --fs-uuid --set=root " + image.rootUuid());
      assertThat(esp.readFile("EFI/fedora/shimx64.efi"))
          .isEqualTo(esp.readFile("EFI/BOOT/BOOTX64.EFI"))
          .hasSize(96 * 1024);
      List<FatEntry> entries = esp.list("loader/entries");
      assertThat(entries).singleElement().satisfies(entry -> {
        assertThat(entry.name()).endsWith("-6.17.8-300.fc42.x86_64.conf");
        assertThat(entry.shortName()).matches("[0-9A-F]{6}~1\\.CON");
      });
      assertThat(text(esp.readFile("loader/entries/" + entries.get(0).name())))
          .contains("linux /boot/vmlinuz-6.17.8-300.fc42.x86_64")
          .contains("options root=UUID=" + image.rootUuid() + " ro");
    }
  }

  @Test
  void rootPartitionHoldsOsReleaseKernelCommandLineAndEmptyMachineId() throws IOException {
    try (FileChannel disk = FileChannel.open(image.file(), StandardOpenOption.READ)) {
      FatVolumeReader root = FatVolumeReader.open(disk, image.partitions().get(2).offset());

      assertThat(text(root.readFile("etc/os-release")))
          .contains("VERSION_ID=42\n", "VARIANT_ID=cloud\n");
      assertThat(text(root.readFile("etc/kernel/cmdline")))
          .startsWith("root=UUID=" + image.rootUuid() + " ro ")
          .contains("console=ttyS0,115200n8");
      assertThat(root.readFile("etc/machine-id")).isEmpty();
      assertThat(root.list("var/log")).isEmpty();
      assertThat(root.list("")).extracting(FatEntry::name)
          .containsExactly("etc", "usr", "boot", "var", "home");
    }
  }

  @Test
  void writesOnlyTheDataAndLeavesTheRestAsHoles() {
    assertThat(image.file()).hasSize(64L << 20);
    assertThat(image.dataBytes()).isBetween(700L * 1024, 2L << 20);
  }

  @Test
  void sameSpecWritesIdenticalBytesAndAnotherSeedDifferentOnes() throws IOException {
    DiskImage again = new DiskImageWriter(DiskImageSpec.defaults()).write(dir.resolve("again.raw"));
    DiskImage other = new DiskImageWriter(DiskImageSpec.defaults().withSeed(7))
        .write(dir.resolve("other.raw"));

    assertThat(Files.mismatch(image.file(), again.file())).isEqualTo(-1);
    assertThat(Files.mismatch(image.file(), other.file())).isNotEqualTo(-1);
    assertThat(other.diskGuid()).isNotEqualTo(image.diskGuid());
  }

  @Test
  void aarch64ImageHasNoBiosBootPartitionAndArmBootLoader() throws IOException {
    DiskImage arm = new DiskImageWriter(DiskImageSpec.defaults().withArch("aarch64"))
        .write(dir.resolve("arm.raw"));

    try (FileChannel disk = FileChannel.open(arm.file(), StandardOpenOption.READ)) {
      assertThat(arm.partitions()).extracting(GptPartition::name).containsExactly("p.UEFI", "p.lxroot");
      FatVolumeReader esp = FatVolumeReader.open(disk, arm.partitions().get(0).offset());
      assertThat(esp.list("EFI/BOOT")).extracting(FatEntry::name).contains("BOOTAA64.EFI");
    }
  }

  @Test
  void largeRootPartitionIsFormattedAsFat32() throws IOException {
    DiskImage large = new DiskImageWriter(DiskImageSpec.defaults().withVirtualSize(3L << 30))
        .write(dir.resolve("large.raw"));

    try (FileChannel disk = FileChannel.open(large.file(), StandardOpenOption.READ)) {
      FatVolumeReader root = FatVolumeReader.open(disk, large.partitions().get(2).offset());
      assertThat(root.type()).isEqualTo(FatType.FAT32);
      assertThat(text(root.readFile("usr/lib/os-release"))).contains("ID=fedora");
      assertThat(root.list("")).extracting(FatEntry::name).contains("etc", "usr", "boot");
    }
    assertThat(large.dataBytes()).isLessThan(8L << 20);
  }

  @Test
  void independentToolsAcceptTheImageWhereInstalled() throws Exception {
    Optional<ExternalTool.Result> sfdisk = ExternalTool.run("sfdisk", "--dump", image.file().toString());
    sfdisk.ifPresent(result -> {
      assertThat(result.exitCode()).isZero();
      assertThat(result.output()).contains("label: gpt")
          .contains("type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B")
          .contains("name=\"p.lxroot\"")
          .doesNotContainIgnoringCase("warning");
    });
    long espOffset = image.partitions().get(1).offset();
    ExternalTool.run("mdir", "-i", image.file() + "@@" + espOffset, "-/", "::/")
        .ifPresent(result -> assertThat(result.output())
            .containsPattern("grub\\s+cfg")
            .contains("BOOTX64", "-6.17.8-300.fc42.x86_64.conf"));
    Path espOnly = dir.resolve("esp.img");
    copyRange(image.file(), espOffset, image.partitions().get(1).size(), espOnly);
    ExternalTool.run("fsck.fat", "-n", "-v", espOnly.toString()).ifPresent(result -> {
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).doesNotContain("Free cluster summary wrong");
    });
    ExternalTool.run("file", "-b", espOnly.toString())
        .ifPresent(result -> assertThat(result.output()).contains("FAT (16 bit)"));
  }

  private static void copyRange(Path from, long offset, long length, Path to) throws IOException {
    try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long done = 0;
      while (done < length) {
        done += in.transferTo(offset + done, length - done, out);
      }
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
