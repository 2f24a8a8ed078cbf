package org.imagerelease.activities.transfer.xz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.TestImages;
import org.imagerelease.activities.transfer.TestSettings;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both xz decoders decode alike and reject the same damage. */
class XzDecoderTest {

  private static final byte[] IMAGE = TestImages.sparseImage(1024 * 1024 + 4321, 11);
  private static final byte[] FILE = TestImages.xzWithBlocksOf(IMAGE, 300_000);

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void decodesEveryBlockOnItsOwnToItsPartOfTheImage(TestXzDecoders choice) throws IOException {
    XzDecoder decoder = choice.decoder();
    List<XzBlock> blocks = blocksOf(FILE);

    assertThat(blocks).hasSize(4);
    for (XzBlock block : blocks) {
      try (InputStream decoded = decoder.block(block, bytesOf(block, FILE))) {
        assertThat(decoded.readAllBytes())
            .isEqualTo(TestImages.slice(IMAGE, (int) block.decodedOffset(),
                (int) block.decodedEnd()));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void decodesConcatenatedStreamsWithPaddingAsOneFile(TestXzDecoders choice) throws IOException {
    byte[] file = TestImages.concat(FILE, new byte[8], TestImages.xzSingleBlock(IMAGE));

    try (InputStream decoded = choice.decoder().file(new ByteArrayInputStream(file))) {
      assertThat(decoded.readAllBytes()).isEqualTo(TestImages.concat(IMAGE, IMAGE));
    }
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsABlockWhoseIntegrityCheckDoesNotMatch(TestXzDecoders choice) {
    XzBlock block = blocksOf(FILE).get(1);
    byte[] file = FILE.clone();
    file[(int) (block.compressedOffset() + block.unpaddedSize() - 8)] ^= 0x01;

    assertThatThrownBy(() -> readAll(choice.decoder().block(block, bytesOf(block, file))))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsABlockWhoseCompressedDataIsDamaged(TestXzDecoders choice) {
    XzBlock block = blocksOf(FILE).get(2);
    byte[] file = FILE.clone();
    for (long at = block.compressedOffset() + 100; at < block.compressedEnd() - 100; at += 997) {
      file[(int) at] ^= 0x5a;
    }

    assertThatThrownBy(() -> readAll(choice.decoder().block(block, bytesOf(block, file))))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsATruncatedBlock(TestXzDecoders choice) {
    XzBlock block = blocksOf(FILE).get(0);
    InputStream truncated = new ByteArrayInputStream(FILE, (int) block.compressedOffset(),
        (int) block.paddedSize() / 2);

    assertThatThrownBy(() -> readAll(choice.decoder().block(block, truncated)))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsATruncatedFile(TestXzDecoders choice) {
    byte[] truncated = TestImages.slice(FILE, 0, FILE.length / 2);

    assertThatThrownBy(() -> readAll(choice.decoder().file(new ByteArrayInputStream(truncated))))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsABlockThatDecodesToMoreThanTheIndexRecords(TestXzDecoders choice) {
    XzBlock real = blocksOf(FILE).get(1);
    XzBlock lying = new XzBlock(real.number(), real.compressedOffset(), real.unpaddedSize(),
        real.decodedOffset(), real.decodedSize() - 1, real.checkType());

    assertThatThrownBy(() -> readAll(choice.decoder().block(lying, bytesOf(lying, FILE))))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsABlockThatDecodesToLessThanTheIndexRecords(TestXzDecoders choice) {
    XzBlock real = blocksOf(FILE).get(1);
    XzBlock lying = new XzBlock(real.number(), real.compressedOffset(), real.unpaddedSize(),
        real.decodedOffset(), real.decodedSize() + 1, real.checkType());

    assertThatThrownBy(() -> readAll(choice.decoder().block(lying, bytesOf(lying, FILE))))
        .isInstanceOf(IOException.class);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void rejectsBytesThatAreNotXz(TestXzDecoders choice) {
    byte[] notXz = TestImages.gzip(IMAGE);

    assertThatThrownBy(() -> readAll(choice.decoder().file(new ByteArrayInputStream(notXz))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void namesTheLibraryThatDecodes() {
    assertThat(new JavaXzDecoder().name()).isEqualTo("xz-java");
    assertThat(TestXzDecoders.NATIVE.decoder().name()).matches("liblzma 5\\.\\d+\\.\\d+.*");
  }

  @Test
  void refusesAnUnknownDecoderSetting() {
    assertThatThrownBy(() -> XzDecoders.CHOICE.forSetting("fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imagerelease.xz");
    assertThat(XzDecoders.CHOICE.forSetting("java").name()).isEqualTo("xz-java");
  }

  private static void readAll(InputStream decoded) throws IOException {
    try (decoded) {
      decoded.readAllBytes();
    }
  }

  private static InputStream bytesOf(XzBlock block, byte[] file) {
    return new ByteArrayInputStream(file, (int) block.compressedOffset(), (int) block.paddedSize());
  }

  /** The blocks as the file's index records them, read as a transfer reads them. */
  private static List<XzBlock> blocksOf(byte[] file) {
    try {
      Path path = Files.createTempFile("blocks", ".raw.xz");
      try {
        Files.write(path, file);
        ImageSource source =
            ImageSource.forUri(path.toUri(), "blocks.raw.xz", new TestSettings().build(), ComposeSources.anywhere());
        return XzIndexReader.read(source, file.length, "blocks.raw.xz").orElseThrow().blocks();
      } finally {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
