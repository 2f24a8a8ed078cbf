package org.imagerelease.activities.transfer.xz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.TestImages;
import org.imagerelease.activities.transfer.TestSettings;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

class XzIndexReaderTest {

  private static final byte[] DATA = TestImages.sparseImage(1_500_000, 2);

  @Test
  void findsEveryBlockOfConcatenatedStreamsWithTheirChecks(@TempDir Path dir) throws IOException {
    byte[] file =
        TestImages.concat(
            TestImages.xzWithBlocksOf(TestImages.slice(DATA, 0, 700_000), 123_456),
            new byte[12],
            xzWithCheck(TestImages.slice(DATA, 700_000, DATA.length), XZ.CHECK_CRC32, 300_000),
            new byte[4]);

    XzLayout layout = readFrom(dir, file).orElseThrow();

    assertMatchesXzJava(layout, file);
    assertThat(layout.decodedSize()).isEqualTo(DATA.length);
    assertThat(layout.blocks()).extracting(XzBlock::checkType).contains(XZ.CHECK_CRC32,
        XZ.CHECK_CRC64);
  }

  @Test
  void readsAnIndexLargerThanOneTailRead(@TempDir Path dir) throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(DATA, 5_000);
    Path path = Files.write(dir.resolve("many-blocks.raw.xz"), file);
    ImageSource source =
        ImageSource.forUri(path.toUri(), "many-blocks.raw.xz", new TestSettings().build(), ComposeSources.anywhere());

    XzLayout layout = XzIndexReader.read(source, file.length, "many-blocks.raw.xz", 64)
        .orElseThrow();

    assertThat(layout.blocks()).hasSize(300);
    assertMatchesXzJava(layout, file);
  }

  @Test
  void findsNoLayoutInAFileThatIsNotXz(@TempDir Path dir) throws IOException {
    byte[] noise = new byte[40_000];
    new Random(1).nextBytes(noise);

    assertThat(readFrom(dir, noise)).isEmpty();
  }

  @Test
  void findsNoLayoutWhenTheServerIgnoresRange(@TempDir Path dir) throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(DATA, 200_000);
    Files.write(dir.resolve("a.raw.xz"), file);
    try (ComposeHttpServer server = ComposeHttpServer.start(dir)) {
      ImageSource source =
          ImageSource.forUri(server.uriOf("a.raw.xz"), "a.raw.xz", new TestSettings().build(), ComposeSources.anywhere());
      server.faults().ignoreRange("a.raw.xz");

      assertThat(XzIndexReader.read(source, file.length, "a.raw.xz")).isEmpty();
    }
  }

  @Test
  void findsNoLayoutWhenTheServerHoldsAnotherSize(@TempDir Path dir) throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(DATA, 200_000);
    Files.write(dir.resolve("b.raw.xz"), file);
    try (ComposeHttpServer server = ComposeHttpServer.start(dir)) {
      ImageSource source =
          ImageSource.forUri(server.uriOf("b.raw.xz"), "b.raw.xz", new TestSettings().build(), ComposeSources.anywhere());

      assertThat(XzIndexReader.read(source, file.length - 4, "b.raw.xz")).isEmpty();
      assertThat(XzIndexReader.read(source, file.length, "b.raw.xz")).isPresent();
    }
  }

  private static java.util.Optional<XzLayout> readFrom(Path dir, byte[] file) throws IOException {
    Path path = Files.write(dir.resolve("image.raw.xz"), file);
    return XzIndexReader.read(
        ImageSource.forUri(path.toUri(), "image.raw.xz", new TestSettings().build(), ComposeSources.anywhere()),
        file.length, "image.raw.xz");
  }

  private static void assertMatchesXzJava(XzLayout layout, byte[] file) throws IOException {
    try (SeekableXZInputStream xz = new SeekableXZInputStream(new SeekableBytes(file))) {
      List<XzBlock> blocks = layout.blocks();
      assertThat(blocks).hasSize(xz.getBlockCount());
      for (int i = 0; i < blocks.size(); i++) {
        XzBlock block = blocks.get(i);
        assertThat(block.number()).isEqualTo(i);
        assertThat(block.compressedOffset()).isEqualTo(xz.getBlockCompPos(i));
        assertThat(block.paddedSize()).isEqualTo(xz.getBlockCompSize(i));
        assertThat(block.decodedOffset()).isEqualTo(xz.getBlockPos(i));
        assertThat(block.decodedSize()).isEqualTo(xz.getBlockSize(i));
        assertThat(block.checkType()).isEqualTo(xz.getBlockCheckType(i));
      }
    }
  }

  private static byte[] xzWithCheck(byte[] data, int checkType, int blockBytes)
      throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(compressed, new LZMA2Options(0), checkType)) {
      for (int offset = 0; offset < data.length; offset += blockBytes) {
        xz.write(data, offset, Math.min(blockBytes, data.length - offset));
        xz.endBlock();
      }
    }
    return compressed.toByteArray();
  }
}
