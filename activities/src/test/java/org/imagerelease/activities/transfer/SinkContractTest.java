package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.assertFailsWith;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.request;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.transfer;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.imagerelease.activities.transfer.pipeline.BlockRanges;
import org.imagerelease.activities.transfer.pipeline.DecodedSizeFacts;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a sink declares and keeps of its own, and what the pipeline promises it in return. */
class SinkContractTest {
  private static final int BLOCK = 64 * 1024;
  private static final byte[] IMAGE = TestImages.sparseImage(3 * 1024 * 1024 + 777, 11);
  @RegisterExtension static final LoopbackMirror server = LoopbackMirror.forTestClass();

  @Test
  void theSinkChoosesItsBlockSize() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 300_000);
    URI uri = server.serve("/own-size.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length).withBlockSize(4 * BLOCK);
    RecordingListener listener = RecordingListener.recording();

    TransferSummary summary = transfer(new TestSettings().blockSize(BLOCK).build(), request(uri, file, Compression.XZ), sink, listener);

    assertThat(sink.shapes()).extracting(ImageShape::blockSize).containsExactly(4 * BLOCK);
    assertThat(summary.blockCount()).isEqualTo((IMAGE.length + 4L * BLOCK - 1) / (4L * BLOCK));
    assertThat(listener.last().resume().blockSize()).isEqualTo(4 * BLOCK);
    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @Test
  void everyZeroBlockIsAnnouncedToTheSinkAndNeverHandedOver() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/zeros.raw.gz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary = transfer(new TestSettings().build(), request(uri, file, Compression.GZIP), sink, RecordingListener.recording());

    List<Long> zeroBlocks =
        LongStream.range(0, summary.blockCount()).filter(i -> isZero(IMAGE, i)).boxed().toList();
    assertThat(zeroBlocks).as("the image has zero blocks").isNotEmpty();
    assertThat(sink.zeroSkips()).containsExactlyInAnyOrderElementsOf(zeroBlocks);
    assertThat(sink.accepted()).doesNotContainAnyElementsOf(zeroBlocks);
  }

  @Test
  void theSinksOwnStateTravelsInEveryCheckpointAndComesBackOnResume() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 200_000);
    URI uri = server.serve("/state.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);
    sink.holdAfter(6);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);
    StreamingImageTransferTest.ThrowingCall first =
        () -> transfer(new TestSettings().build(), request(uri, file, Compression.XZ), sink, cancelling);
    assertThat(org.assertj.core.api.Assertions.catchThrowable(first::run)).isInstanceOf(RecordingListener.Cancelled.class);
    TransferCheckpoint checkpoint = cancelling.last();
    assertThat(checkpoint.resume().sinkState()).startsWith("assembling:");
    sink.release();

    transfer(new TestSettings().build(), request(uri, file, Compression.XZ).resumingFrom(checkpoint), sink, RecordingListener.recording());

    assertThat(sink.shapes()).extracting(ImageShape::resumeState).containsExactly(null, checkpoint.resume().sinkState());
    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @Test
  void aSinkThatCannotGoOnFromItsCheckpointIsHandedEveryBlockAgain() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/gone.raw.gz", file);
    AssemblingSink firstSink = new AssemblingSink(IMAGE.length).slowedBy(2);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> transfer(new TestSettings().build(), request(uri, file, Compression.GZIP), firstSink, cancelling)))
        .isInstanceOf(RecordingListener.Cancelled.class);
    TransferCheckpoint checkpoint = cancelling.last();
    assertThat(BlockRanges.parse(checkpoint.resume().doneBlocks()).size()).isPositive();
    AssemblingSink destinationGone = new AssemblingSink(IMAGE.length).refusingResume();

    TransferSummary summary =
        transfer(new TestSettings().build(), request(uri, file, Compression.GZIP).resumingFrom(checkpoint), destinationGone, RecordingListener.recording());

    assertThat(destinationGone.accepted()).hasSize((int) summary.blocksWritten());
    assertThat(summary.blocksWritten() + summary.blocksZero()).isEqualTo(summary.blockCount());
    assertThat(destinationGone.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @Test
  void aSinkThatNeedsTheSizeUpFrontLearnsItFromTheXzIndex() throws IOException {
    assertSizeKnownUpFront("/sized.raw.xz", TestImages.xzWithBlocksOf(IMAGE, 500_000), Compression.XZ);
  }

  @Test
  void aSinkThatNeedsTheSizeUpFrontLearnsItFromASmallGzipsTrailer() throws IOException {
    assertSizeKnownUpFront("/sized.raw.gz", TestImages.gzip(IMAGE), Compression.GZIP);
  }

  @Test
  void aSinkThatNeedsTheSizeUpFrontLearnsItFromTheZstdFrameHeader() throws IOException {
    assertSizeKnownUpFront("/sized.raw.zst", TestImages.zstd(IMAGE), Compression.ZSTD);
  }

  @Test
  void aDeclaredSizeIsUsedAsItIs() throws IOException {
    byte[] file = zstdWithoutContentSize(IMAGE);
    URI uri = server.serve("/declared.raw.zst", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length).needingSizeUpFront();
    TransferRequest plain = request(uri, file, Compression.ZSTD);
    TransferRequest declared =
        new TransferRequest(plain.source(), plain.target(), plain.location(), plain.imageName(), plain.expectedSize(),
            plain.expectedSha256(), plain.compression(), null, OptionalLong.of(IMAGE.length));

    transfer(new TestSettings().build(), declared, sink, RecordingListener.recording());

    assertThat(sink.shapes().get(0).decodedSize()).hasValue(IMAGE.length);
  }

  @Test
  void withoutAnyWayToKnowTheSizeTheTransferFailsBeforeTheSinkCreatesAnything() {
    byte[] file = zstdWithoutContentSize(IMAGE);
    URI uri = server.serve("/unsized.raw.zst", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length).needingSizeUpFront();

    assertFailsWith(ReleaseFailureTypes.UNSUPPORTED_IMAGE, "unsized.raw.zst",
        () -> transfer(new TestSettings().build(), request(uri, file, Compression.ZSTD), sink, RecordingListener.recording()));
    assertThat(sink.shapes()).as("begin, where a sink creates its destination, never ran").isEmpty();
  }

  @Test
  void aGzipTooLargeForItsTrailerToBeExactIsNotTrusted() {
    byte[] large = new byte[(int) DecodedSizeFacts.gzipTrailerExactBelow() + 100_000];
    new java.util.Random(3).nextBytes(large);
    byte[] file = TestImages.gzip(large);
    assertThat((long) file.length).isGreaterThanOrEqualTo(DecodedSizeFacts.gzipTrailerExactBelow());
    URI uri = server.serve("/large.raw.gz", file);
    AssemblingSink sink = new AssemblingSink(large.length).needingSizeUpFront();

    assertFailsWith(ReleaseFailureTypes.UNSUPPORTED_IMAGE, "large.raw.gz",
        () -> transfer(new TestSettings().build(), request(uri, file, Compression.GZIP), sink, RecordingListener.recording()));
    assertThat(sink.shapes()).isEmpty();
  }

  @Test
  void aGzipWithASecondMemberIsCaughtLyingAboutItsSize() {
    byte[] second = TestImages.sparseImage(200_000, 12);
    byte[] file = TestImages.concat(TestImages.gzip(IMAGE), TestImages.gzip(second));
    URI uri = server.serve("/two-members.raw.gz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length + second.length).needingSizeUpFront();

    assertFailsWith(ReleaseFailureTypes.IMAGE_TOO_LARGE, "two-members.raw.gz",
        () -> transfer(new TestSettings().build(), request(uri, file, Compression.GZIP), sink, RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  private static void assertSizeKnownUpFront(String path, byte[] file, Compression compression) throws IOException {
    URI uri = server.serve(path, file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length).needingSizeUpFront();

    transfer(new TestSettings().build(), request(uri, file, compression), sink, RecordingListener.recording());

    assertThat(sink.shapes().get(0).decodedSize()).hasValue(IMAGE.length);
    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  private static boolean isZero(byte[] image, long block) {
    int from = (int) (block * BLOCK);
    int to = (int) Math.min(image.length, from + (long) BLOCK);
    for (int i = from; i < to; i++) {
      if (image[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** What a streaming zstd writes: a frame header without the content size. */
  private static byte[] zstdWithoutContentSize(byte[] data) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (ZstdOutputStream zstd = new ZstdOutputStream(compressed)) {
      zstd.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }
}
