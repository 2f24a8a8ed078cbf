package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that must see the image's end before it creates anything (a VHD footer) gets it in
 * {@link ImageShape#tail()}, from the file as it is; one that asks for the decoded image's
 * SHA-256 finds it in the summary.
 */
class SinkTailAndDecodedHashTest {
  private static final int BLOCK = 64 * 1024;
  private static final int TAIL = 512;

  @TempDir Path dir;
  private final StreamingImageTransfer transfer = new StreamingImageTransfer(new TestSettings().blockSize(BLOCK).build(), ComposeSources.anywhere());

  @Test
  void uncompressedTailIsReadWithARange() throws IOException {
    byte[] image = TestImages.sparseImage(40 * BLOCK + 1024, 7);
    TailSink sink = new TailSink();

    TransferSummary summary = transfer.run(request(image, Compression.NONE), sink, checkpoint -> {});

    assertThat(sink.tail).isEqualTo(Arrays.copyOfRange(image, image.length - TAIL, image.length));
    assertThat(summary.decodedSha256()).isEqualTo(TestImages.sha256(image));
  }

  @Test
  void xzTailSpanningTwoXzBlocksIsDecodedFromThemAlone() throws IOException {
    byte[] image = TestImages.sparseImage(40 * BLOCK + 200, 8);
    // xz blocks of 40 KiB: the last holds 200 bytes, so the 512-byte tail starts in the one before.
    byte[] xz = TestImages.xzWithBlocksOf(image, 40 * 1024);
    TailSink sink = new TailSink();

    TransferSummary summary = transfer.run(request(xz, Compression.XZ), sink, checkpoint -> {});

    assertThat(sink.tail).isEqualTo(Arrays.copyOfRange(image, image.length - TAIL, image.length));
    assertThat(summary.decodedSha256()).isEqualTo(TestImages.sha256(image));
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(xz));
  }

  @Test
  void aSinkWithoutTheNeedGetsNoTailAndNoDecodedHash() throws IOException {
    byte[] image = TestImages.sparseImage(10 * BLOCK, 9);
    CountingSink sink = new CountingSink();

    TransferSummary summary = transfer.run(request(TestImages.xzSingleBlock(image), Compression.XZ), sink, checkpoint -> {});

    assertThat(summary.decodedSha256()).isEmpty();
  }

  @Test
  void gzipCannotShowItsEndBeforeTheSinkBegins() throws IOException {
    byte[] image = TestImages.sparseImage(10 * BLOCK, 10);
    TailSink sink = new TailSink();

    assertThatThrownBy(() -> transfer.run(request(TestImages.gzip(image), Compression.GZIP), sink, checkpoint -> {}))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.UNSUPPORTED_IMAGE))
        .hasMessageContaining("image.raw")
        .hasMessageContaining("must see the end");
    assertThat(sink.begun).isFalse();
  }

  private TransferRequest request(byte[] file, Compression compression) throws IOException {
    Path path = dir.resolve("image.raw" + (compression == Compression.NONE ? "" : "." + compression.name().toLowerCase()));
    Files.write(path, file);
    return new TransferRequest(path.toUri(), "test", "here", "image.raw", file.length, TestImages.sha256(file), compression, null);
  }

  /** Takes every block, asks for the tail and the decoded hash. */
  private static final class TailSink implements BlockSink {
    volatile byte[] tail;
    volatile boolean begun;

    @Override
    public SinkNeeds needs() {
      return new SinkNeeds(BLOCK, false, true, 0, TAIL, true);
    }

    @Override
    public boolean begin(ImageShape shape) {
      begun = true;
      tail = shape.tail();
      return false;
    }

    @Override
    public void accept(Block block) {}

    @Override
    public String checkpoint() {
      return "";
    }

    @Override
    public void complete(TransferSummary summary) {}
  }
}
