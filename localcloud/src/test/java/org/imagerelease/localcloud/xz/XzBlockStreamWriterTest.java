package org.imagerelease.localcloud.xz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagerelease.localcloud.ExternalTool;
import org.imagerelease.localcloud.disk.SyntheticContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

class XzBlockStreamWriterTest {
  private static final int MIB = 1 << 20;
  @TempDir Path dir;

  @Test
  void writesOneStreamWithABlockPerBlockSizeOfInput() throws Exception {
    byte[] input = new byte[10 * MIB + MIB / 2];
    new SyntheticContent(3).fillBinary(input, 0, 2 * MIB);
    new SyntheticContent(4).fillBinary(input, 9 * MIB, MIB);
    Path file = dir.resolve("image.raw.xz");

    XzBlockStreamWriter.Written written = compress(input, file, 2);

    XzLayout layout = XzLayout.read(file);
    assertThat(layout.streams()).hasSize(1);
    assertThat(layout.streams().get(0).blocks()).extracting(XzLayout.Block::uncompressedSize)
        .containsExactly(4L * MIB, 4L * MIB, 2L * MIB + MIB / 2);
    assertThat(written.blocks()).isEqualTo(3);
    assertThat(written.compressedSize()).isEqualTo(Files.size(file));
    assertThat(written.uncompressedSize()).isEqualTo(input.length);
    assertThat(decompress(file)).isEqualTo(input);
    ExternalTool.run("xz", "--robot", "--list", file.toString()).ifPresent(result -> {
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).containsPattern("(?m)^totals\\t1\\t3\\t");
    });
  }

  @Test
  void sameInputGivesSameBytesWhateverTheThreadCount() throws Exception {
    byte[] input = new SyntheticContent(5).binary(2 * MIB);

    compress(input, dir.resolve("one.xz"), 1, MIB / 4);
    compress(input, dir.resolve("two.xz"), 2, MIB / 4);

    assertThat(XzLayout.read(dir.resolve("two.xz")).blockCount()).isEqualTo(8);
    assertThat(Files.mismatch(dir.resolve("one.xz"), dir.resolve("two.xz"))).isEqualTo(-1);
  }

  @Test
  void emptyInputGivesAValidStreamWithoutBlocks() throws Exception {
    Path file = dir.resolve("empty.xz");

    compress(new byte[0], file, 2);

    assertThat(XzLayout.read(file).blockCount()).isZero();
    assertThat(decompress(file)).isEmpty();
    ExternalTool.run("xz", "-t", file.toString())
        .ifPresent(result -> assertThat(result.exitCode()).as(result.output()).isZero());
  }

  @Test
  void layoutFindsEveryStreamOfConcatenatedFiles() throws Exception {
    byte[] first = new byte[5 * MIB];
    new SyntheticContent(1).fillBinary(first, 0, MIB);
    compress(first, dir.resolve("a.xz"), 2);
    compress(new SyntheticContent(2).binary(MIB / 2), dir.resolve("b.xz"), 2);
    Path both = dir.resolve("both.xz");
    try (OutputStream out = Files.newOutputStream(both)) {
      out.write(Files.readAllBytes(dir.resolve("a.xz")));
      out.write(new byte[8]); // stream padding is allowed between streams
      out.write(Files.readAllBytes(dir.resolve("b.xz")));
    }

    XzLayout layout = XzLayout.read(both);

    assertThat(layout.streams()).hasSize(2);
    assertThat(layout.blockCount()).isEqualTo(3);
    assertThat(layout.uncompressedSize()).isEqualTo(5L * MIB + MIB / 2);
    assertThat(layout.streams().get(1).offset()).isEqualTo(Files.size(dir.resolve("a.xz")) + 8);
    assertThat(layout.streams().get(1).blocks().get(0).uncompressedOffset()).isEqualTo(5L * MIB);
  }

  private static XzBlockStreamWriter.Written compress(byte[] input, Path file, int threads)
      throws IOException {
    return compress(input, file, threads, 4 * MIB);
  }

  private static XzBlockStreamWriter.Written compress(
      byte[] input, Path file, int threads, int blockSize) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      return new XzBlockStreamWriter(1, blockSize, threads).write(new ByteArrayInputStream(input), out);
    }
  }

  private static byte[] decompress(Path file) throws IOException {
    try (InputStream in = new XZInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }
}
