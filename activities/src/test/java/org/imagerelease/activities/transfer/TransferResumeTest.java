package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.request;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.transfer;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.imagerelease.activities.transfer.pipeline.BlockRanges;
import org.imagerelease.activities.transfer.xz.SeekableBytes;
import org.imagerelease.activities.transfer.xz.XzIndexReader;
import org.imagerelease.localcloud.http.ServedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tukaani.xz.SeekableXZInputStream;

/** A retried attempt continues from the last checkpoint of the one before. */
class TransferResumeTest {

  private static final int BLOCK = 64 * 1024;
  private static final byte[] IMAGE = TestImages.sparseImage(3 * 1024 * 1024 + 777, 5);
  @RegisterExtension static final LoopbackMirror server = LoopbackMirror.forTestClass();

  @Test
  void resumesMultiBlockXzFromTheFirstUnfinishedXzBlockWithoutResendingDoneBlocks() throws IOException {
    byte[] image = TestImages.denseImage(3 * 1024 * 1024 + 777, BLOCK, 5);
    byte[] file = TestImages.xzWithBlocksOf(image, 200_000);
    URI uri = server.serve("/resume.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(image.length);
    sink.holdAfter(6);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);

    Throwable cancelled = catchThrowable(() -> transfer(new TestSettings().build(),
        request(uri, file, Compression.XZ), sink, cancelling));

    assertThat(cancelled).isInstanceOf(RecordingListener.Cancelled.class);
    assertThat(sink.completions()).isZero();
    TransferCheckpoint checkpoint = cancelling.last();
    ResumeState resume = checkpoint.resume();
    assertThat(resume.hashedBytes()).isBetween(1L, file.length - 1L);
    int acceptedInFirstAttempt = sink.accepted().size();

    server.forgetRequests();
    sink.release();
    TransferSummary summary = transfer(new TestSettings().build(),
        withResume(request(uri, file, Compression.XZ), checkpoint), sink,
        RecordingListener.recording());

    assertResumedWithoutResending(image, sink, acceptedInFirstAttempt, resume, summary);
    // The checkpoint's hash stopped at the first xz block still unfinished, and the resumed
    // attempt streamed the file from there only; everything else it read was the index and the
    // first block's header (its dictionary size, for the memory budget).
    assertThat(resume.hashedBytes()).isEqualTo(startOfFirstUnfinishedXzBlock(file, resume));
    List<String> ranges = server.requests().stream().map(ServedRequest::range).toList();
    assertThat(ranges).filteredOn(range -> range.endsWith("-"))
        .containsExactly("bytes=" + resume.hashedBytes() + "-");
    assertThat(ranges).filteredOn(range -> !range.endsWith("-"))
        .allMatch(
            range -> range.endsWith("-" + (file.length - 1)) || range.equals("bytes=0-11") || range.equals("bytes=12-1035"));
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(file));
  }

  @Test
  void resumesGzipFromTheStartWithoutResendingDoneBlocks() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/resume.raw.gz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);
    sink.holdAfter(6);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);

    Throwable cancelled = catchThrowable(() -> transfer(new TestSettings().build(),
        request(uri, file, Compression.GZIP), sink, cancelling));

    assertThat(cancelled).isInstanceOf(RecordingListener.Cancelled.class);
    TransferCheckpoint checkpoint = cancelling.last();
    int acceptedInFirstAttempt = sink.accepted().size();

    server.forgetRequests();
    sink.release();
    RecordingListener resumed = RecordingListener.recording();
    TransferSummary summary = transfer(new TestSettings().build(),
        withResume(request(uri, file, Compression.GZIP), checkpoint), sink, resumed);

    assertResumedWithoutResending(IMAGE, sink, acceptedInFirstAttempt, checkpoint.resume(),
        summary);
    assertThat(server.requests()).extracting(ServedRequest::range).containsOnlyNulls();
    assertThat(resumed.last().progress())
        .as("a gzip stream decodes from byte 0: all the first attempt had read is read again, and the progress says so")
        .extracting(p -> p.resumes(), p -> p.bytesReadAgain())
        .containsExactly(1L, checkpoint.resume().hashedBytes());
    assertThat(checkpoint.resume().hashedBytes()).isPositive();
  }

  @Test
  void resumesAnUncompressedImageWithRangeFromItsFirstBlockNotDone() throws IOException {
    byte[] image = TestImages.denseImage(3 * 1024 * 1024 + 777, BLOCK, 9);
    URI uri = server.serve("/resume.raw", image);
    AssemblingSink sink = new AssemblingSink(image.length);
    sink.holdAfter(6);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);
    // One block at a time, so the checkpoint has a prefix of blocks done whatever the timing.
    TransferSettings inOrder = new TestSettings().sinkParallelism(1).build();
    catchThrowable(() -> transfer(inOrder, request(uri, image, Compression.NONE), sink, cancelling));
    TransferCheckpoint checkpoint = cancelling.last();
    int acceptedInFirstAttempt = sink.accepted().size();
    long firstNotDone = BlockRanges.parse(checkpoint.resume().doneBlocks()).firstMissing();

    server.forgetRequests();
    sink.release();
    RecordingListener resumed = RecordingListener.recording();
    TransferSummary summary = transfer(inOrder,
        withResume(request(uri, image, Compression.NONE), checkpoint), sink, resumed);

    assertResumedWithoutResending(image, sink, acceptedInFirstAttempt, checkpoint.resume(), summary);
    assertThat(firstNotDone).isPositive();
    assertThat(server.requests()).extracting(ServedRequest::range)
        .as("one read, from the first block the checkpoint had not done, not from byte 0")
        .containsExactly("bytes=" + Math.min(firstNotDone * BLOCK, checkpoint.resume().hashedBytes() / BLOCK * BLOCK) + "-");
    assertThat(server.requests().get(0).bodyBytes()).isLessThan(image.length);
    assertThat(summary.compressedSha256()).as("hashed on from the checkpoint's state").isEqualTo(TestImages.sha256(image));
    long readFrom = Math.min(firstNotDone * BLOCK, checkpoint.resume().hashedBytes() / BLOCK * BLOCK);
    assertThat(resumed.last().progress())
        .as("the progress counts the resume and only the bytes between the first block not done and the checkpoint's hash")
        .extracting(p -> p.resumes(), p -> p.bytesReadAgain())
        .containsExactly(1L, checkpoint.resume().hashedBytes() - readFrom);
  }

  @Test
  void resumesAnXzTransferThatStartedSequentiallyInParallel() throws IOException {
    byte[] image = TestImages.denseImage(2 * 1024 * 1024, BLOCK, 8);
    byte[] file = TestImages.xzWithBlocksOf(image, 150_000);
    URI uri = server.serve("/was-sequential.raw.xz", file);
    server.faults().ignoreRange("/was-sequential.raw.xz");
    AssemblingSink sink = new AssemblingSink(image.length);
    sink.holdAfter(6);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);
    catchThrowable(() -> transfer(new TestSettings().build(),
        request(uri, file, Compression.XZ), sink, cancelling));
    TransferCheckpoint checkpoint = cancelling.last();
    int acceptedInFirstAttempt = sink.accepted().size();

    server.faults().clear();
    server.forgetRequests();
    sink.release();
    TransferSummary summary = transfer(new TestSettings().build(),
        withResume(request(uri, file, Compression.XZ), checkpoint), sink,
        RecordingListener.recording());

    // Parallel now (it read the index), but the sequential checkpoint hashed past unfinished
    // xz blocks, so hashing started over from the first byte.
    assertThat(server.requests()).extracting(ServedRequest::range)
        .containsOnlyOnce((String) null)
        .contains("bytes=" + Math.max(0, file.length - XzIndexReader.TAIL_WINDOW) + "-"
            + (file.length - 1));
    assertResumedWithoutResending(image, sink, acceptedInFirstAttempt, checkpoint.resume(),
        summary);
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(file));
  }

  @Test
  void resumingAFinishedTransferSendsNothingAndDownloadsOnlyTheIndex() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 250_000);
    URI uri = server.serve("/finished.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);
    RecordingListener first = RecordingListener.recording();
    transfer(new TestSettings().build(), request(uri, file, Compression.XZ), sink, first);
    int accepted = sink.accepted().size();

    server.forgetRequests();
    TransferSummary again = transfer(new TestSettings().build(),
        withResume(request(uri, file, Compression.XZ), first.last()), sink,
        RecordingListener.recording());

    assertThat(sink.accepted()).hasSize(accepted);
    assertThat(sink.completions()).isEqualTo(2);
    assertThat(again.blocksWritten()).isEqualTo(accepted);
    // Only the index was read (closed ranges); nothing was streamed.
    assertThat(server.requests()).extracting(ServedRequest::range)
        .allMatch(range -> range.matches("bytes=\\d+-\\d+"));
    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @Test
  void aCheckpointCountedInAnotherBlockSizeStartsTheTransferOver() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/other-size.raw.gz", file);
    ResumeState foreign = new ResumeState(512 * 1024, "0-3", 4, 0, 0, null, "");
    TransferRequest request = withResume(request(uri, file, Compression.GZIP),
        new TransferCheckpoint(null, foreign));
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary = transfer(new TestSettings().build(), request, sink, RecordingListener.recording());

    assertThat(sink.shapes()).extracting(ImageShape::resumed).containsExactly(false);
    assertThat(summary.blocksWritten()).as("every data block handed over").isEqualTo(sink.accepted().size());
    assertThat(summary.blocksWritten() + summary.blocksZero()).isEqualTo(summary.blockCount());
    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  private static void assertResumedWithoutResending(
      byte[] image,
      AssemblingSink sink, int acceptedInFirstAttempt, ResumeState resume,
      TransferSummary summary) {
    BlockRanges done = BlockRanges.parse(resume.doneBlocks());
    assertThat(done.size()).isPositive();
    List<Long> acceptedAfterResume =
        sink.accepted().subList(acceptedInFirstAttempt, sink.accepted().size());
    assertThat(acceptedAfterResume).isNotEmpty().noneMatch(done::contains);
    assertThat(sink.image(image.length)).isEqualTo(image);
    assertThat(sink.completions()).isEqualTo(1);
    assertThat(sink.shapes()).extracting(ImageShape::resumed).containsExactly(false, true);
    long blockCount = (image.length + BLOCK - 1) / BLOCK;
    assertThat(summary.blockCount()).isEqualTo(blockCount);
    assertThat(summary.blocksZero()).isEqualTo(TestImages.zeroBlocks(image, BLOCK));
    assertThat(summary.blocksWritten()).isEqualTo(blockCount - summary.blocksZero());
  }

  /** Where the first xz block starts whose sink blocks the checkpoint does not all have. */
  private static long startOfFirstUnfinishedXzBlock(byte[] file, ResumeState resume)
      throws IOException {
    BlockRanges done = BlockRanges.parse(resume.doneBlocks());
    try (SeekableXZInputStream xz = new SeekableXZInputStream(new SeekableBytes(file))) {
      for (int block = 0; block < xz.getBlockCount(); block++) {
        long first = xz.getBlockPos(block) / BLOCK;
        long last = (xz.getBlockPos(block) + xz.getBlockSize(block) - 1) / BLOCK;
        if (!done.containsAll(first, last)) {
          return xz.getBlockCompPos(block);
        }
      }
    }
    throw new AssertionError("every xz block is done");
  }

  private static TransferRequest withResume(TransferRequest request, TransferCheckpoint from) {
    return new TransferRequest(request.source(), request.target(), request.location(),
        request.imageName(), request.expectedSize(), request.expectedSha256(),
        request.compression(), from);
  }
}
