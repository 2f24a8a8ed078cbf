package org.imagerelease.localcloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imagerelease.localcloud.ExternalTool;
import org.imagerelease.localcloud.disk.GptReader;
import org.imagerelease.localcloud.disk.GptTable;
import org.imagerelease.localcloud.disk.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparseImageGeneratorTest {
  private static final long MIB = 1 << 20;
  @TempDir Path dir;

  @Test
  void writesAboutTheRequestedShareOfDataBehindAGpt() throws Exception {
    SparseImageSpec spec = SparseImageSpec.defaults().withVirtualSize(64 * MIB);

    SparseImage image = new SparseImageGenerator(spec).write(dir.resolve("bench.raw"));

    assertThat(image.file()).hasSize(64 * MIB);
    assertThat((double) image.dataBytes() / image.virtualSize()).isBetween(0.27, 0.31);
    assertThat(image.extents()).isGreaterThan(3);
    GptTable table = GptReader.read(image.file());
    assertThat(table.partitions()).singleElement().satisfies(root -> assertThat(root.name()).isEqualTo("root"));
    ExternalTool.run("du", "--block-size=1", image.file().toString()).ifPresent(result -> {
      long allocated = Long.parseLong(result.output().split("\\s+")[0]);
      assertThat(allocated).isLessThan(image.dataBytes() + 4 * MIB);
    });
  }

  @Test
  void extentsAreDisjointPageAlignedAndInsideTheDisk() {
    SparseImageSpec spec = SparseImageSpec.defaults();
    SparseImageGenerator generator = new SparseImageGenerator(spec);

    List<SparseImageGenerator.Extent> extents = generator.layOut(new SeededRandom(1), MIB, spec.virtualSize() - MIB);

    long end = MIB;
    long total = 0;
    for (SparseImageGenerator.Extent extent : extents) {
      assertThat(extent.offset()).isGreaterThanOrEqualTo(end);
      assertThat(extent.offset() % 4096).isZero();
      assertThat(extent.length()).isBetween(4096, spec.maxExtent());
      end = extent.offset() + extent.length();
      total += extent.length();
    }
    assertThat(end).isLessThanOrEqualTo(spec.virtualSize() - MIB);
    assertThat((double) total / spec.virtualSize()).isBetween(0.29, 0.31);
    assertThat(extents.stream().mapToInt(SparseImageGenerator.Extent::length).average().orElse(0))
        .isBetween(1.5 * MIB, 3.5 * MIB);
  }

  @Test
  void sameSpecWritesSameBytes() throws IOException {
    SparseImageSpec spec = SparseImageSpec.defaults().withVirtualSize(16 * MIB);

    new SparseImageGenerator(spec).write(dir.resolve("a.raw"));
    new SparseImageGenerator(spec).write(dir.resolve("b.raw"));
    new SparseImageGenerator(spec.withSeed(2)).write(dir.resolve("c.raw"));

    assertThat(Files.mismatch(dir.resolve("a.raw"), dir.resolve("b.raw"))).isEqualTo(-1);
    assertThat(Files.mismatch(dir.resolve("a.raw"), dir.resolve("c.raw"))).isNotEqualTo(-1);
  }
}
