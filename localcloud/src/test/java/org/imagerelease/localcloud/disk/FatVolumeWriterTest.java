package org.imagerelease.localcloud.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.imagerelease.localcloud.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FatVolumeWriterTest {
  private static final LocalDateTime TIME = LocalDateTime.of(2026, 11, 24, 6, 12, 30);
  @TempDir Path dir;

  @Test
  void directoryWithHundredsOfLongNamesSpansClustersAndReadsBack() throws Exception {
    Path file = dir.resolve("volume.img");
    FatVolumeWriter volume = new FatVolumeWriter(8L << 20, "TEST", 0x12345678, TIME, 0);
    for (int i = 0; i < 300; i++) {
      volume.root().file("packages/package-number-" + i + ".rpm", ("rpm " + i).getBytes(StandardCharsets.US_ASCII));
    }
    try (SparseFileWriter out = SparseFileWriter.create(file, 8L << 20)) {
      volume.writeTo(out, 0);
    }

    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FatVolumeReader reader = FatVolumeReader.open(channel, 0);
      List<FatEntry> entries = reader.list("packages");
      assertThat(entries).hasSize(300);
      assertThat(entries).extracting(FatEntry::shortName).doesNotHaveDuplicates();
      assertThat(new String(reader.readFile("PACKAGES/package-number-299.rpm"), StandardCharsets.US_ASCII))
          .isEqualTo("rpm 299");
      assertThat(reader.volumeUuid()).isEqualTo("1234-5678");
      assertThatThrownBy(() -> reader.readFile("packages/missing.rpm"))
          .isInstanceOf(FileNotFoundException.class);
    }
    ExternalTool.run("fsck.fat", "-n", file.toString())
        .ifPresent(result -> assertThat(result.exitCode()).as(result.output()).isZero());
  }

  @Test
  void keepsOneCaseShortNamesWithoutLongNameEntries() throws IOException {
    Path file = dir.resolve("case.img");
    FatVolumeWriter volume = new FatVolumeWriter(8L << 20, "", 1, TIME, 0);
    volume.root().file("grub.cfg", new byte[] {1}).file("README", new byte[] {2})
        .file("Mixed.txt", new byte[] {3});
    try (SparseFileWriter out = SparseFileWriter.create(file, 8L << 20)) {
      volume.writeTo(out, 0);
    }

    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      assertThat(FatVolumeReader.open(channel, 0).list("/"))
          .extracting(FatEntry::name, FatEntry::shortName)
          .containsExactly(
              Tuple.tuple("grub.cfg", "grub.cfg"),
              Tuple.tuple("README", "README"),
              Tuple.tuple("Mixed.txt", "MIXED~1.TXT"));
    }
  }

  @Test
  void refusesTwoNamesThatDifferOnlyInCase() {
    FatDirectory root = new FatVolumeWriter(8L << 20, "", 1, TIME, 0).root();
    root.file("EFI/BOOT/grub.cfg", new byte[0]);

    assertThatThrownBy(() -> root.file("efi/boot/GRUB.CFG", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void refusesVolumeTooSmallForFat16() {
    assertThatThrownBy(() -> new FatVolumeWriter(1L << 20, "", 1, TIME, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sparseWriterSkipsAllZeroPages() throws IOException {
    byte[] bytes = new byte[5 * SparseFileWriter.PAGE_SIZE];
    bytes[10] = 1;
    bytes[3 * SparseFileWriter.PAGE_SIZE + 5] = 1;
    try (SparseFileWriter out = SparseFileWriter.create(dir.resolve("sparse"), 1L << 20)) {
      out.write(SparseFileWriter.PAGE_SIZE, bytes);

      assertThat(out.bytesWritten()).isEqualTo(2L * SparseFileWriter.PAGE_SIZE);
    }
    assertThat(dir.resolve("sparse")).hasSize(1L << 20);
  }
}
