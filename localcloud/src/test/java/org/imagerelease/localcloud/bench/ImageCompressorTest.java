package org.imagerelease.localcloud.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.imagerelease.localcloud.xz.XzLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

class ImageCompressorTest {
  private static final int MIB = 1 << 20;
  @TempDir static Path dir;
  static SparseImage image;

  @BeforeAll
  static void writeImage() throws IOException {
    image = new SparseImageGenerator(SparseImageSpec.defaults().withVirtualSize(24L * MIB))
        .write(dir.resolve("bench.raw"));
  }

  @Test
  void xzJavaWritesMultiBlockFileThatDecodesToTheImage() throws Exception {
    CompressedImage multi = new ImageCompressor(1, 4 * MIB, false)
        .multiBlock(image.file(), dir.resolve("java-multi.raw.xz"));

    assertThat(multi.encoder()).isEqualTo(ImageCompressor.Encoder.XZ_JAVA);
    assertThat(multi.tool()).startsWith("xz-java preset 1");
    assertThat(multi.streams()).isEqualTo(1);
    assertThat(multi.blocks()).isEqualTo(6);
    assertThat(XzLayout.read(multi.path()).largestBlock()).isEqualTo(4 * MIB);
    assertThat(multi.uncompressedSize()).isEqualTo(image.virtualSize());
    assertDecodesToImage(multi);
    // OS-like data shrinks two to four times.
    assertThat((double) image.dataBytes() / multi.size()).isBetween(2.0, 4.0);
  }

  @Test
  void xzJavaWritesSingleBlockFile() throws Exception {
    CompressedImage single = new ImageCompressor(1, 4 * MIB, false)
        .singleBlock(image.file(), dir.resolve("java-single.raw.xz"));

    assertThat(single.blocks()).isEqualTo(1);
    assertThat(single.encoder()).isEqualTo(ImageCompressor.Encoder.XZ_JAVA);
    assertDecodesToImage(single);
  }

  @Test
  void machineXzWritesBothShapesWhereInstalled() throws Exception {
    ImageCompressor compressor = new ImageCompressor(1, 4 * MIB, true);
    if (compressor.encoder() != ImageCompressor.Encoder.NATIVE_XZ) {
      System.out.println("[external check] xz not installed: native compression not checked");
      return;
    }

    CompressedImage multi = compressor.multiBlock(image.file(), dir.resolve("native-multi.raw.xz"));
    CompressedImage single = compressor.singleBlock(image.file(), dir.resolve("native-single.raw.xz"));

    System.out.println("[external check] ran " + multi.tool() + " and " + single.tool());
    assertThat(multi.tool()).startsWith("xz ").contains("-T0", "--block-size=4194304");
    assertThat(multi.blocks()).isEqualTo(6);
    assertThat(single.blocks()).isEqualTo(1);
    assertDecodesToImage(multi);
    assertDecodesToImage(single);
    assertThat(multi.uncompressedSha256()).isEqualTo(single.uncompressedSha256());
  }

  private static void assertDecodesToImage(CompressedImage compressed) throws Exception {
    assertThat(compressed.size()).isEqualTo(Files.size(compressed.path()));
    assertThat(compressed.sha256()).isEqualTo(sha256(Files.newInputStream(compressed.path())));
    assertThat(sha256(new XZInputStream(Files.newInputStream(compressed.path()))))
        .isEqualTo(compressed.uncompressedSha256())
        .isEqualTo(sha256(Files.newInputStream(image.file())));
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream digesting = new DigestInputStream(in, digest)) {
      digesting.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
