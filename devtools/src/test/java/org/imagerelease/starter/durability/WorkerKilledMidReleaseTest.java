package org.imagerelease.starter.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.durability.Observation.Kind;
import org.imagerelease.starter.durability.WorkerProcesses.Worker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.ReleaseTimeouts;
import org.imagerelease.workflows.model.TransferProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker dies in the middle of an upload; another takes over. The Temporal server runs in this
 * JVM, bound to a port; the workers are child JVMs that record what their transfer pipeline did
 * ({@link ObservedTransfer}). The image is served slowly, so the stop lands mid-transfer.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerKilledMidReleaseTest {
  private static final int BLOCK_SIZE = 512 * 1024;
  private static final int BLOCK_COUNT = 40;
  /** About ten seconds for the whole image: time to stop a worker with most of it still to go. */
  private static final long SOURCE_BYTES_PER_SECOND = 2L << 20;
  /** Short, so Temporal notices the dead worker soon. */
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(1);
  /** Bounds every wait, so a broken release fails the test instead of hanging it. */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @RegisterExtension final WorkerProcesses workers = new WorkerProcesses();
  @TempDir Path dir;

  private OneImageCompose compose;
  private ComposeHttpServer composeServer;
  private EmbeddedTemporal temporal;
  private TemporalConnection connection;
  private ReleaseClient releases;
  private Path mirrorRoot;
  private Path config;
  private Path observations;

  @BeforeEach
  void startServersAndWriteCompose() throws IOException {
    // Every ninth block, from the fifth, is all zero: never sent, yet part of every checkpoint.
    compose = OneImageCompose.write(dir.resolve("compose"), BLOCK_SIZE, BLOCK_COUNT, 20261124, block -> block % 9 == 4);
    composeServer = ComposeHttpServer.start(compose.location());
    composeServer.faults().throttle(compose.imagePath(), SOURCE_BYTES_PER_SECOND);
    temporal = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
    connection = temporal.connect();
    releases = new ReleaseClient(connection.client(), ImageReleaseWorkflow.TASK_QUEUE);
    mirrorRoot = Files.createDirectories(dir.resolve("mirror"));
    observations = dir.resolve("observations.log");
    config = dir.resolve("config.toml");
    Files.writeString(config, configWith(BLOCK_SIZE, Duration.ofMillis(500)));
  }

  private String configWith(int blockSize, Duration checkpointInterval) {
    return """
        [consumer_config.temporal]
        target = '%s'

        [consumer_config.transfer]
        block_size = %d
        checkpoint_interval = "%dms"
        sink_parallelism = 4

        [consumer_config.worker]
        shutdown_grace = "%dms"

        [consumer_config.composes]
        allowed_locations = ['%s']

        [[consumer_config.mirror.roots]]
        name = "primary"
        path = '%s'
        """
        .formatted(temporal.address(), blockSize, checkpointInterval.toMillis(), SHUTDOWN_GRACE.toMillis(), composeServer.baseUri(), mirrorRoot);
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    workers.killAll();
    if (connection != null) {
      connection.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    if (composeServer != null) {
      composeServer.close();
    }
  }

  @Test
  void releaseEndsReleasedWithNoCheckpointedBlockSentAgainWhenTheWorkerIsKilledMidTransfer() throws Exception {
    Worker first = workers.start("first", config, observations);
    startRelease();
    awaitTransferUnderWay(first);

    first.process().destroyForcibly();
    assertThat(first.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    composeServer.faults().clear();
    Worker second = workers.start("second", config, observations);
    ReleaseStatus end = awaitEnd();

    assertThat(end.stage()).as("final stage; last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertPublishedFileMatchesCompose();
    TransferHistory history = new TransferHistory(ObservationLog.read(observations));
    Set<Long> resumedFrom = assertSecondWorkerResumedWithoutResending(history, first, second);
    System.out.println(summary("killed", history, first, second, resumedFrom));
  }

  @Test
  void workerStoppedBySigtermExitsGracefullyAndAnotherWorkerEndsTheRelease() throws Exception {
    Worker first = workers.start("first", config, observations);
    startRelease();
    awaitTransferUnderWay(first);

    first.process().destroy();
    assertThat(first.process().waitFor(SHUTDOWN_GRACE.plus(PATIENCE).toSeconds(), TimeUnit.SECONDS))
        .as("the stopped worker exited")
        .isTrue();
    composeServer.faults().clear();
    Worker second = workers.start("second", config, observations);
    ReleaseStatus end = awaitEnd();

    TransferHistory history = new TransferHistory(ObservationLog.read(observations));
    assertThat(first.process().exitValue()).as("exit status of a JVM ended by SIGTERM").isEqualTo(143);
    assertThat(history.has(first.pid(), Kind.STOPPED)).as("the shutdown hook finished its graceful stop").isTrue();
    assertThat(history.has(first.pid(), Kind.FAILED))
        .as("the upload attempt of the stopped worker ended before the process did")
        .isTrue();
    assertThat(end.stage()).as("final stage; last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertPublishedFileMatchesCompose();
    Set<Long> resumedFrom = assertSecondWorkerResumedWithoutResending(history, first, second);
    System.out.println(summary("stopped", history, first, second, resumedFrom));
  }

  /**
   * With the heartbeat timeout long, as in production, the SDK on its own would hold heartbeats
   * back for 0.8 of it (24 s here) and a killed worker would take that much of its checkpoints
   * along; the worker sends each checkpoint as it is taken, so a retry repeats at most about one
   * checkpoint interval of blocks. Many small blocks, so that is a fraction of the image.
   */
  @Test
  void withAProductionLikeHeartbeatTimeoutAKillRepeatsAtMostTwoPercentOfTheImage() throws Exception {
    int blockSize = 64 * 1024;
    int blockCount = 1000;
    composeServer.close();
    compose = OneImageCompose.write(dir.resolve("compose-large"), blockSize, blockCount, 20261207, block -> block % 9 == 4);
    composeServer = ComposeHttpServer.start(compose.location());
    // About half a minute for the whole image at first: the kill comes a third of the way in.
    composeServer.faults().throttle(compose.imagePath(), (long) blockSize * blockCount / 30);
    Files.writeString(config, configWith(blockSize, Duration.ofMillis(250)));
    Worker first = workers.start("first", config, observations);
    startRelease(Duration.ofSeconds(30));
    awaitThat(
        "the first worker to send a third of the image",
        () -> history().acceptedBy(first.pid()).size() >= blockCount / 3);

    first.process().destroyForcibly();
    assertThat(first.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    composeServer.faults().clear();
    Worker second = workers.start("second", config, observations);
    ReleaseStatus end = awaitEnd(Duration.ofMinutes(3));

    assertThat(end.stage()).as("final stage; last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertPublishedFileMatchesCompose();
    TransferHistory history = new TransferHistory(ObservationLog.read(observations));
    Set<Long> resumedFrom = assertSecondWorkerResumedWithoutResending(history, first, second);
    Set<Long> resent = new TreeSet<>(history.acceptedBy(second.pid()));
    resent.retainAll(history.acceptedBy(first.pid()));
    int dataBlocks = compose.nonZeroBlocks().size();
    System.out.println(summary("killed (heartbeat timeout 30 s, checkpoint every 250 ms)", history, first, second, resumedFrom));
    System.out.printf(
        "blocks sent again after the kill: %d of %d data blocks (%.2f%%)%n", resent.size(), dataBlocks, 100.0 * resent.size() / dataBlocks);
    assertThat(100.0 * resent.size() / dataBlocks).as("percent of the image sent again").isLessThanOrEqualTo(2.0);
  }

  private void startRelease() {
    startRelease(HEARTBEAT_TIMEOUT);
  }

  private void startRelease(Duration heartbeatTimeout) {
    releases.start(
        new ReleaseRequest(
            compose.composeRef(composeServer.baseUri()),
            GateSettings.none(),
            new ReleaseTimeouts(heartbeatTimeout, Duration.ofMinutes(5), Duration.ofSeconds(30)),
            "durability test"),
        false);
  }

  /**
   * Waits until the worker's sink accepted a good share of the image and Temporal holds a
   * heartbeat that counts accepted blocks, so the retry has a real checkpoint to resume from.
   */
  private void awaitTransferUnderWay(Worker worker) throws Exception {
    awaitThat(
        "worker " + worker.name() + " to be well into the transfer",
        () -> {
          if (!worker.process().isAlive()) {
            fail("worker %s exited with %d before the test stopped it", worker.name(), worker.process().exitValue());
          }
          long acceptedAtTemporal =
              releases.transfers(compose.composeId()).stream().mapToLong(TransferProgress::blocksAccepted).max().orElse(0);
          return history().acceptedBy(worker.pid()).size() >= BLOCK_COUNT / 4 && acceptedAtTemporal >= BLOCK_COUNT / 8;
        });
  }

  private ReleaseStatus awaitEnd() throws Exception {
    return awaitEnd(PATIENCE);
  }

  private ReleaseStatus awaitEnd(Duration patience) throws Exception {
    return CompletableFuture.supplyAsync(() -> releases.awaitEnd(compose.composeId()))
        .get(patience.toSeconds(), TimeUnit.SECONDS);
  }

  private void assertPublishedFileMatchesCompose() throws Exception {
    Path published = mirrorRoot.resolve(compose.composeId()).resolve(compose.imagePath());
    assertThat(published).isRegularFile();
    assertThat(sha256Of(published)).as("SHA-256 of the published image").isEqualTo(compose.sha256());
  }

  /**
   * The first worker started the upload afresh; the second ran one attempt, a retry resuming from
   * a checkpoint the first worker reported, with accepted blocks in it; its sink got every data
   * block outside that checkpoint exactly once and none inside it; no all-zero block was ever
   * sent. Returns the blocks the checkpoint had done.
   */
  private Set<Long> assertSecondWorkerResumedWithoutResending(TransferHistory history, Worker first, Worker second) {
    assertThat(history.of(first.pid(), Kind.RESUMED))
        .as("upload attempts of the first worker")
        .singleElement()
        .satisfies(fresh -> assertThat(fresh.attempt()).isEqualTo(1))
        .satisfies(fresh -> assertThat(fresh.blocks()).as("blocks done before the first attempt").isEmpty());
    assertThat(history.has(first.pid(), Kind.TRANSFERRED)).as("the first worker finished the transfer").isFalse();
    List<Observation> resumes = history.of(second.pid(), Kind.RESUMED);
    assertThat(resumes).as("upload attempts of the second worker").hasSize(1);
    assertThat(resumes.get(0).attempt()).as("attempt number of the second worker's upload").isGreaterThan(1);
    assertThat(history.has(second.pid(), Kind.TRANSFERRED)).as("the second worker finished the transfer").isTrue();
    Set<Long> resumedFrom = resumes.get(0).blocks();
    assertThat(resumedFrom)
        .as("the checkpoint the retry resumed from has blocks the first worker accepted")
        .containsAnyElementsOf(history.acceptedBy(first.pid()));
    assertThat(history.checkpointsOf(first.pid()))
        .as("the checkpoint the retry resumed from is one the first worker reported")
        .contains(resumedFrom);
    Set<Long> claimable = new TreeSet<>(history.acceptedBy(first.pid()));
    claimable.addAll(compose.zeroBlocks());
    assertThat(claimable).as("blocks the first worker accepted, and the zero blocks").containsAll(resumedFrom);

    assertThat(history.acceptedTwiceBy(first.pid())).as("blocks the first worker accepted twice").isEmpty();
    assertThat(history.acceptedTwiceBy(second.pid())).as("blocks the second worker accepted twice").isEmpty();
    Set<Long> secondAccepted = new TreeSet<>(history.acceptedBy(second.pid()));
    assertThat(secondAccepted)
        .as("checkpointed blocks the second worker accepted again")
        .doesNotContainAnyElementsOf(resumedFrom);
    Set<Long> expected = new TreeSet<>(compose.nonZeroBlocks());
    expected.removeAll(resumedFrom);
    assertThat(secondAccepted)
        .as("blocks the second worker accepted: every data block outside the checkpoint")
        .isEqualTo(expected);
    assertThat(history.acceptedBy(first.pid()))
        .as("zero blocks sent by the first worker")
        .doesNotContainAnyElementsOf(compose.zeroBlocks());
    Set<Long> acceptedByEither = new TreeSet<>(history.acceptedBy(first.pid()));
    acceptedByEither.addAll(secondAccepted);
    assertThat(acceptedByEither).as("blocks accepted by either worker").isEqualTo(compose.nonZeroBlocks());
    return resumedFrom;
  }

  private String summary(String how, TransferHistory history, Worker first, Worker second, Set<Long> resumedFrom) {
    Set<Long> firstAccepted = new TreeSet<>(history.acceptedBy(first.pid()));
    List<Long> secondAccepted = history.acceptedBy(second.pid());
    long checkpointedData = resumedFrom.stream().filter(b -> !compose.zeroBlocks().contains(b)).count();
    long resent = secondAccepted.stream().filter(firstAccepted::contains).count();
    long againFromCheckpoint = secondAccepted.stream().filter(resumedFrom::contains).count();
    long zeroSent =
        firstAccepted.stream().filter(compose.zeroBlocks()::contains).count()
            + secondAccepted.stream().filter(compose.zeroBlocks()::contains).count();
    return ("%s worker after %d of %d data blocks (%d blocks, %d all-zero); checkpoint resumed from covered %d"
            + " (%d data, %d zero); second worker sent %d (%d of the checkpointed blocks again, %d re-sent from after"
            + " the checkpoint); %d zero blocks sent")
        .formatted(
            how,
            firstAccepted.size(),
            compose.nonZeroBlocks().size(),
            compose.blockCount(),
            compose.zeroBlocks().size(),
            resumedFrom.size(),
            checkpointedData,
            resumedFrom.size() - checkpointedData,
            secondAccepted.size(),
            againFromCheckpoint,
            resent,
            zeroSent);
  }

  private TransferHistory history() {
    try {
      return new TransferHistory(ObservationLog.read(observations));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + observations, e);
    }
  }

  private static void awaitThat(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("gave up waiting " + PATIENCE.toSeconds() + " s for " + what);
      }
      Thread.sleep(100);
    }
  }

  private static String sha256Of(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
