package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.source.SourceUnavailableException;
import org.imagerelease.activities.transfer.xz.SeekableBytes;
import org.imagerelease.localcloud.http.ServedRequest;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZInputStream;

class StreamingImageTransferTest {

  private static final int BLOCK = 64 * 1024;
  private static final byte[] IMAGE = TestImages.sparseImage(3 * 1024 * 1024 + 12_345, 1);
  @RegisterExtension static final LoopbackMirror server = LoopbackMirror.forTestClass();

  static Stream<Arguments> compressedImages() {
    return Stream.of(
        Arguments.of("raw", Compression.NONE, IMAGE),
        Arguments.of("single-block.xz", Compression.XZ, TestImages.xzSingleBlock(IMAGE)),
        Arguments.of("multi-block.xz", Compression.XZ, TestImages.xzWithBlocksOf(IMAGE, 300_000)),
        Arguments.of("gz", Compression.GZIP, TestImages.gzip(IMAGE)),
        Arguments.of("zst", Compression.ZSTD, TestImages.zstd(IMAGE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compressedImages")
  void reconstructsTheDecodedImageForEachCompression(
      String name, Compression compression, byte[] file) throws IOException {
    URI uri = server.serve("/round-trip." + name, file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary =
        transfer(settings(), request(uri, file, compression), sink, RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(sink.completions()).isEqualTo(1);
    assertThat(sink.summary()).isEqualTo(summary);
    assertThat(summary.decodedSize()).isEqualTo(IMAGE.length);
    assertThat(summary.blockCount()).isEqualTo((IMAGE.length + BLOCK - 1) / BLOCK);
    assertThat(summary.compressedSize()).isEqualTo(file.length);
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(file));
    boolean sizeKnown = compression == Compression.NONE || compression == Compression.XZ;
    assertThat(sink.shapes().get(0).decodedSize().isPresent()).isEqualTo(sizeKnown);
    assertThat(sink.shapes().get(0).resumed()).isFalse();
  }

  @Test
  void readsImagesFromAComposeDirectoryOnDisk(@TempDir Path compose) throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 256 * 1024);
    Path image = Files.write(compose.resolve("disk.raw.xz"), file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(settings(), request(image.toUri(), file, Compression.XZ), sink,
        RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @Test
  void countsAllZeroBlocksWithoutSendingThem() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 200_000);
    URI uri = server.serve("/zeros.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary =
        transfer(settings(), request(uri, file, Compression.XZ), sink,
            RecordingListener.recording());

    long zeroBlocks = TestImages.zeroBlocks(IMAGE, BLOCK);
    assertThat(zeroBlocks).isGreaterThan(5);
    assertThat(summary.blocksZero()).isEqualTo(zeroBlocks);
    assertThat(summary.blocksWritten()).isEqualTo(summary.blockCount() - zeroBlocks);
    assertThat(sink.accepted()).hasSize((int) summary.blocksWritten());
    for (long block : sink.accepted()) {
      assertThat(isZero(IMAGE, block)).as("block %d is all zero", block).isFalse();
    }
  }

  @Test
  void refusesToCompleteWhenTheChecksumDiffers() {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/mismatch.raw.gz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);
    String wrong = TestImages.sha256(new byte[] {1, 2, 3});
    TransferRequest request =
        new TransferRequest(uri, "aws", "us-east-1", "mismatch.raw.gz", file.length, wrong,
            Compression.GZIP, null);

    Throwable failure = catchThrowable(
        () -> transfer(settings(), request, sink, RecordingListener.recording()));

    assertThat(failure)
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("mismatch.raw.gz")
        .hasMessageContaining(wrong)
        .hasMessageContaining(TestImages.sha256(file));
    assertThat(((ReleaseException) failure).failureType())
        .isEqualTo(ReleaseFailureTypes.CHECKSUM_MISMATCH);
    assertThat(sink.completions()).isZero();
  }

  @Test
  void reportsATruncatedXzFileAsCorrupt() {
    byte[] whole = TestImages.xzSingleBlock(IMAGE);
    byte[] truncated = TestImages.slice(whole, 0, whole.length / 2);
    URI uri = server.serve("/truncated.raw.xz", truncated);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "truncated.raw.xz",
        () -> transfer(settings(), request(uri, truncated, Compression.XZ), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @Test
  void reportsAnXzBlockWhoseIntegrityCheckFailsAsCorrupt() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 300_000);
    try (SeekableXZInputStream xz = new SeekableXZInputStream(new SeekableBytes(file))) {
      long checkField = xz.getBlockCompPos(4) + xz.getBlockCompSize(4) - 8;
      file[(int) checkField] ^= 0x10;
    }
    URI uri = server.serve("/bad-check.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "bad-check.raw.xz",
        () -> transfer(settings(), request(uri, file, Compression.XZ), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @Test
  void reportsAServerThatKeepsEndingEarlyAsTruncated() {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/short.raw.gz", TestImages.slice(file, 0, file.length - 1000));

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "short.raw.gz",
        () -> transfer(settings(), request(uri, file, Compression.GZIP),
            new AssemblingSink(IMAGE.length), RecordingListener.recording()));
    assertThat(server.requests()).hasSize(1 + settings().maxRetries());
  }

  @Test
  void rejectsAnXzBombFromItsIndexBeforeDecoding() {
    byte[] bomb = TestImages.xzWithBlocksOf(new byte[8 << 20], 1 << 20);
    URI uri = server.serve("/bomb.raw.xz", bomb);
    AssemblingSink sink = new AssemblingSink(0);

    assertFailsWith(ReleaseFailureTypes.IMAGE_TOO_LARGE, "bomb.raw.xz",
        () -> transfer(new TestSettings().maxDecodedSize(4 << 20).build(), request(uri, bomb, Compression.XZ),
            sink, RecordingListener.recording()));
    assertThat(sink.shapes()).isEmpty();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void rejectsADecompressionBombWhileStreaming() {
    byte[] bomb = TestImages.gzip(new byte[8 << 20]);
    URI uri = server.serve("/bomb.raw.gz", bomb);

    assertFailsWith(ReleaseFailureTypes.IMAGE_TOO_LARGE, "bomb.raw.gz",
        () -> transfer(new TestSettings().maxDecodedSize(4 << 20).build(), request(uri, bomb,
            Compression.GZIP), new AssemblingSink(8 << 20), RecordingListener.recording()));
  }

  @Test
  void reconnectsWithRangeWhenTheServerStalls() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/stall.raw.gz", file);
    server.faults().stallAfter("/stall.raw.gz", 100_000, Duration.ofSeconds(3), 1);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(new TestSettings().readTimeout(Duration.ofMillis(300)).build(),
        request(uri, file, Compression.GZIP), sink, RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().get(1).range()).matches("bytes=\\d+-").isNotEqualTo("bytes=0-");
  }

  @Test
  void dropsAServerThatTricklesAndGivesUpAfterAsManySlowWindowsAsRetries() {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/trickle.raw.gz", file);
    server.faults().throttle("/trickle.raw.gz", 4_000);
    TransferSettings settings = new TestSettings().throughputFloor(new ThroughputFloor(64 * 1024, Duration.ofMillis(500))).build();

    Throwable failure =
        catchThrowable(() -> transfer(settings, request(uri, file, Compression.GZIP), new AssemblingSink(IMAGE.length), RecordingListener.recording()));

    assertThat(failure)
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("trickle.raw.gz")
        .hasMessageContaining("below the minimum of 65536 bytes/s")
        .hasMessageContaining((settings.maxRetries() + 1) + " windows in a row");
    assertThat(server.requests()).as("a reconnect with Range after each slow window").hasSize(1 + settings.maxRetries());
  }

  @Test
  void aSinkThatHoldsThePipelineBackNeverMakesTheSourceLookSlow() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/held-back.raw.gz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length).slowedBy(40);
    TransferSettings settings =
        new TestSettings().sinkParallelism(1).throughputFloor(new ThroughputFloor(1 << 20, Duration.ofMillis(200))).build();

    transfer(settings, request(uri, file, Compression.GZIP), sink, RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(server.requests()).as("never reconnected").hasSize(1);
  }

  @Test
  void resumesWithRangeWhenTheConnectionDrops() throws IOException {
    byte[] file = TestImages.zstd(IMAGE);
    URI uri = server.serve("/drop.raw.zst", file);
    server.faults().dropAfter("/drop.raw.zst", 50_000, 1);
    server.faults().dropAfter("/drop.raw.zst", 70_000, 1);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(settings(), request(uri, file, Compression.ZSTD), sink,
        RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(server.requests()).extracting(ServedRequest::range)
        .containsExactly(null, "bytes=50000-", "bytes=120000-");
    assertThat(server.bytesSent("/drop.raw.zst")).isEqualTo(file.length);
  }

  @Test
  void followsRedirectsToWhereTheImageIs() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 400_000);
    server.serve("/mirror/redirected.raw.xz", file);
    URI redirector = server.redirect("/redirected.raw.xz", "/mirror/redirected.raw.xz");
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(settings(), request(redirector, file, Compression.XZ), sink,
        RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(server.requests()).extracting(ServedRequest::path)
        .contains("/redirected.raw.xz", "/mirror/redirected.raw.xz");
  }

  @Test
  void refusesAnImageOutsideTheAllowedLocationsWithoutAskingForIt() {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 400_000);
    URI elsewhere = server.serve("/elsewhere/image.raw.xz", file);
    ComposeSources composesOnly = new ComposeSources(List.of(server.uriOf("/compose/").toString()), false);

    assertFailsWith(ReleaseFailureTypes.SOURCE_NOT_ALLOWED, "the address '" + elsewhere + "' is not under an allowed compose location",
        () -> new StreamingImageTransfer(settings(), composesOnly)
            .run(request(elsewhere, file, Compression.XZ), new AssemblingSink(IMAGE.length), RecordingListener.recording()));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void refusesARedirectOutsideTheAllowedLocationsWithoutFollowingIt() {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 400_000);
    server.serve("/elsewhere/image.raw.xz", file);
    URI redirector = server.redirect("/compose/image.raw.xz", "/elsewhere/image.raw.xz");
    ComposeSources composesOnly = new ComposeSources(List.of(server.uriOf("/compose/").toString()), false);

    assertFailsWith(ReleaseFailureTypes.SOURCE_NOT_ALLOWED, redirector + " redirected elsewhere",
        () -> new StreamingImageTransfer(settings(), composesOnly)
            .run(request(redirector, file, Compression.XZ), new AssemblingSink(IMAGE.length), RecordingListener.recording()));
    assertThat(server.requests()).extracting(ServedRequest::path).doesNotContain("/elsewhere/image.raw.xz");
  }

  @Test
  void skipsAheadWhenTheServerIgnoresRange() throws IOException {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 300_000);
    URI uri = server.serve("/no-range.raw.xz", file);
    server.faults().ignoreRange("/no-range.raw.xz");
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary =
        transfer(settings(), request(uri, file, Compression.XZ), sink,
            RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(file));
  }

  @Test
  void skipsAheadWhenTheServerIgnoresRangeAfterADrop() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/no-range-drop.raw.gz", file);
    server.faults().ignoreRange("/no-range-drop.raw.gz");
    server.faults().dropAfter("/no-range-drop.raw.gz", 100_000, 1);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(settings(), request(uri, file, Compression.GZIP), sink,
        RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @Test
  void rejectsABodyLargerThanDeclared() {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/large.raw.gz", file);
    byte[] declared = TestImages.slice(file, 0, file.length - 10);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    assertFailsWith(ReleaseFailureTypes.IMAGE_TOO_LARGE, "large.raw.gz",
        () -> transfer(settings(), request(uri, declared, Compression.GZIP), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @Test
  void reportsAMissingImageAsComposeNotFound(@TempDir Path compose) {
    URI missing = server.uriOf("/compose/missing.raw.xz");
    assertFailsWith(ReleaseFailureTypes.COMPOSE_NOT_FOUND, missing.toString(),
        () -> transfer(settings(), request(missing, IMAGE, Compression.XZ),
            new AssemblingSink(0), RecordingListener.recording()));

    Path absent = compose.resolve("absent.raw.gz");
    assertFailsWith(ReleaseFailureTypes.COMPOSE_NOT_FOUND, absent.toString(),
        () -> transfer(settings(), request(absent.toUri(), IMAGE, Compression.GZIP),
            new AssemblingSink(0), RecordingListener.recording()));
  }

  @Test
  void decodesXzBlocksInParallelToTheSameBytesAsOneStream() throws IOException {
    // xz blocks of 100,003 bytes: most sink blocks straddle two or more xz blocks.
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 100_003);
    byte[] sequential;
    try (InputStream xz = new XZInputStream(new ByteArrayInputStream(file))) {
      sequential = xz.readAllBytes();
    }
    URI uri = server.serve("/parallel.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(new TestSettings().decodeThreads(4).build(), request(uri, file, Compression.XZ), sink,
        RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(sequential);
    assertThat(server.requests().get(0).range()).startsWith("bytes=").doesNotEndWith("-");
  }

  @Test
  void decodesConcatenatedXzStreamsWithPadding() throws IOException {
    int half = IMAGE.length / 2;
    byte[] file =
        TestImages.concat(
            TestImages.xzWithBlocksOf(TestImages.slice(IMAGE, 0, half), 150_000),
            new byte[8],
            TestImages.xzSingleBlock(TestImages.slice(IMAGE, half, IMAGE.length)),
            new byte[4]);
    URI uri = server.serve("/concatenated.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary =
        transfer(settings(), request(uri, file, Compression.XZ), sink,
            RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(file));
  }

  @Test
  void stopsPromptlyAndRethrowsWhenTheListenerThrows() {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 200_000);
    URI uri = server.serve("/cancelled.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length).slowedBy(20);

    assertThatThrownBy(
            () -> transfer(settings(), request(uri, file, Compression.XZ), sink,
                RecordingListener.cancellingAt(2)))
        .isInstanceOf(RecordingListener.Cancelled.class);

    assertThat(sink.completions()).isZero();
    assertThat(transferThreadsAlive()).isEmpty();
  }

  @Test
  void failsWithTheSinksErrorAndStopsEverything() {
    byte[] file = TestImages.xzWithBlocksOf(IMAGE, 200_000);
    URI uri = server.serve("/sink-fails.raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);
    sink.failAfter(5);

    assertThatThrownBy(() -> transfer(settings(), request(uri, file, Compression.XZ), sink,
            RecordingListener.recording()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("sink failure injected");

    assertThat(sink.completions()).isZero();
    assertThat(transferThreadsAlive()).isEmpty();
  }

  @Test
  void computesBlockDigestsOnlyForSinksThatAskForThem() throws Exception {
    byte[] file = TestImages.zstd(IMAGE);
    URI uri = server.serve("/digests.raw.zst", file);
    AssemblingSink asking = new AssemblingSink(IMAGE.length, true);
    AssemblingSink notAsking = new AssemblingSink(IMAGE.length, false);

    transfer(settings(), request(uri, file, Compression.ZSTD), asking,
        RecordingListener.recording());
    transfer(settings(), request(uri, file, Compression.ZSTD), notAsking,
        RecordingListener.recording());

    List<Long> blocks = asking.accepted();
    List<byte[]> digests = asking.digests();
    for (int i = 0; i < blocks.size(); i++) {
      byte[] padded = new byte[BLOCK];
      int offset = (int) (blocks.get(i) * BLOCK);
      System.arraycopy(IMAGE, offset, padded, 0, Math.min(BLOCK, IMAGE.length - offset));
      assertThat(digests.get(i)).isEqualTo(
          java.security.MessageDigest.getInstance("SHA-256").digest(padded));
    }
    assertThat(notAsking.digests()).containsOnlyNulls();
  }

  @Test
  void reportsProgressInCheckpointsThatStaySmall() throws IOException {
    byte[] file = TestImages.gzip(IMAGE);
    URI uri = server.serve("/progress.raw.gz", file);
    RecordingListener listener = RecordingListener.recording();

    AssemblingSink sink = new AssemblingSink(IMAGE.length);
    transfer(settings(), request(uri, file, Compression.GZIP), sink, listener);

    TransferCheckpoint last = listener.last();
    assertThat(sink.flushes()).isGreaterThanOrEqualTo(listener.checkpoints().size());
    assertThat(last.progress().target()).isEqualTo("aws");
    assertThat(last.progress().location()).isEqualTo("us-east-1");
    assertThat(last.progress().imageName()).isEqualTo("progress.raw.gz");
    assertThat(last.progress().compressedBytesDone()).isEqualTo(file.length);
    assertThat(last.progress().compressedBytesTotal()).isEqualTo(file.length);
    assertThat(last.progress().blocksAccepted() + last.progress().blocksSkipped())
        .isEqualTo((IMAGE.length + BLOCK - 1) / BLOCK);
    assertThat(last.resume().doneBlocks()).isEqualTo("0-" + (IMAGE.length / BLOCK));
    String json = new ObjectMapper().writeValueAsString(last);
    assertThat(json.length()).isLessThan(1024);
    assertThat(new ObjectMapper().readValue(json, TransferCheckpoint.class)).isEqualTo(last);
  }

  static TransferSettings settings() {
    return new TestSettings().build();
  }

  static TransferRequest request(URI uri, byte[] file, Compression compression) {
    String name = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
    return new TransferRequest(uri, "aws", "us-east-1", name, file.length,
        TestImages.sha256(file), compression, null);
  }

  static TransferSummary transfer(
      TransferSettings settings, TransferRequest request, BlockSink sink,
      CheckpointListener listener) throws IOException {
    return new StreamingImageTransfer(settings, ComposeSources.anywhere()).run(request, sink, listener);
  }

  static void assertFailsWith(String failureType, String named, ThrowingCall call) {
    Throwable failure = catchThrowable(call::run);
    assertThat(failure).isInstanceOf(ReleaseException.class).hasMessageContaining(named);
    assertThat(((ReleaseException) failure).failureType()).isEqualTo(failureType);
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  static List<String> transferThreadsAlive() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    List<String> alive;
    do {
      alive = Thread.getAllStackTraces().keySet().stream()
          .filter(Thread::isAlive)
          .map(Thread::getName)
          .filter(name -> name.startsWith("transfer-"))
          .toList();
    } while (!alive.isEmpty() && System.nanoTime() < deadline && pause());
    return alive;
  }

  private static boolean pause() {
    try {
      Thread.sleep(20);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean isZero(byte[] image, long block) {
    for (int i = (int) (block * BLOCK); i < Math.min(image.length, (block + 1) * BLOCK); i++) {
      if (image[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
