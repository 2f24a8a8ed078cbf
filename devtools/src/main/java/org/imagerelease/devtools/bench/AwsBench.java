package org.imagerelease.devtools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.devtools.bench.BenchReport.AwsResult;
import org.imagerelease.devtools.bench.BenchReport.AwsRun;
import org.imagerelease.devtools.bench.BenchReport.KillAndResume;
import org.imagerelease.localcloud.aws.AwsCall;
import org.imagerelease.localcloud.aws.InventoryItem;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.aws.Quotas;
import org.imagerelease.localcloud.aws.ResourceKind;
import org.imagerelease.localcloud.tls.SelfSignedCertificate;
import org.imagerelease.starter.cli.Sizes;

/**
 * The bench's AWS part: the AWS target's upload step in a child JVM, into a local AWS endpoint
 * that runs in the bench's own process (as a cloud runs outside the worker) and holds every put
 * for the latency AWS takes, under AWS's per-snapshot rate. Each timed run gets a fresh endpoint,
 * so its counts are its own; then one run is killed midway and resumed from its last checkpoint.
 */
final class AwsBench {
  static final String GOAL = ">= 900 puts/s (median) and <= 2 % of the blocks re-sent after a kill at 50 %";
  private static final String PUT = "PutSnapshotBlock";
  private static final String THROTTLED = "RequestThrottledException";
  private static final Duration POLL = Duration.ofMillis(2);

  private final AwsBenchSettings aws;
  private final List<String> childJavaOptions;
  private final int decodeThreads;
  private final int runs;
  /** A scratch directory of the image cache for the checkpoint files, removed at the end. */
  private final Path scratch;
  private final PrintWriter progress;

  AwsBench(AwsBenchSettings aws, List<String> childJavaOptions, int decodeThreads, int runs, Path scratch, PrintWriter progress) {
    this.aws = aws;
    this.childJavaOptions = List.copyOf(childJavaOptions);
    this.decodeThreads = decodeThreads;
    this.runs = runs;
    this.scratch = scratch;
    this.progress = progress;
  }

  /** A file the upload reads: where it is served, its size and SHA-256 as images.json would list them. */
  record Upload(URI url, long size, String sha256) {
    static Upload of(ServedFile file) {
      return new Upload(file.url(), file.image().size(), file.image().sha256());
    }
  }

  /** The timed runs, then the kill run, of uploading {@code file}. */
  AwsResult measure(AwsBench.Upload file) throws IOException {
    try {
      return timedThenKilled(file);
    } finally {
      ImageCache.deleteTree(scratch);
    }
  }

  private AwsResult timedThenKilled(AwsBench.Upload file) throws IOException {
    progress.printf(Locale.ROOT, "AWS target: %s uploaded %d time%s into a local AWS endpoint, %d blocks in flight, "
            + "%d ms per put, at most %d puts/s per snapshot%n",
        aws.source().label(), runs, runs == 1 ? "" : "s", aws.parallelism(), aws.putLatency().toMillis(),
        aws.putsPerSecondCap());
    progress.flush();
    List<AwsRun> timed = new ArrayList<>();
    String childCommand = null;
    for (int run = 1; run <= runs; run++) {
      try (LocalAws endpoint = startEndpoint()) {
        List<String> command = command(file, endpoint, checkpointFile("run"), Optional.empty());
        childCommand = String.join(" ", command);
        AwsProbeResult child = runToEnd(command, file);
        AwsRun measured = measured(endpoint, child);
        timed.add(measured);
        progress.printf(Locale.ROOT, "  run %d/%d: %.0f puts/s, later half %.0f/s (%d blocks put in %.2f s; upload step "
                + "%.2f s), %d throttled, peak RSS %s%s%n",
            run, runs, measured.putsPerSecond(), measured.laterHalfPutsPerSecond(), measured.blocksPut(),
            measured.putWindowSeconds(), measured.seconds(),
            measured.throttled(),
            Sizes.bytes(child.peakRssBytes()), measured.snapshotCompleted() ? "" : ", SNAPSHOT NOT COMPLETED");
        progress.flush();
      }
    }
    KillAndResume killed = killAndResume(file, timed.get(0).child().blocksWritten());
    Spread seconds = Spread.of(timed.stream().map(AwsRun::seconds).toList());
    Spread putWindow = Spread.of(timed.stream().map(AwsRun::putWindowSeconds).toList());
    Spread putsPerSecond = Spread.of(timed.stream().map(AwsRun::putsPerSecond).toList());
    Spread laterHalf = Spread.of(timed.stream().map(AwsRun::laterHalfPutsPerSecond).toList());
    return new AwsResult(endpointDescription(), aws.source(), aws.parallelism(), aws.defaultParallelism(),
        aws.putLatency().toNanos() / 1e9, aws.putsPerSecondCap(), aws.ceilingPutsPerSecond(),
        aws.checkpointInterval().toNanos() / 1e9, childCommand,
        "puts/s: the puts the endpoint accepted over the time it was taking them (first put's arrival to last put's "
            + "answer), and the same for the puts answered after the middle one (the child JVM's warm-up behind it); "
            + "time: the whole upload step inside the child JVM, from making the SDK clients and the preflight "
            + "to the completed snapshot, JVM start-up excluded",
        seconds, putWindow, putsPerSecond, laterHalf, timed,
        timed.stream().mapToLong(run -> run.child().peakRssBytes()).max().orElse(-1),
        timed.stream().mapToLong(run -> run.child().peakHeapBytes()).max().orElse(-1),
        timed.get(0).child().maxHeapBytes(), killed, GOAL,
        putsPerSecond.median() >= 900, killed.resentPercent() <= 2.0);
  }

  private LocalAws startEndpoint() throws IOException {
    LocalAwsConfig config = LocalAwsConfig.everyDelay(Duration.ZERO)
        .withKeepBlockData(false)
        .withQuotas(Quotas.aws().withPutSnapshotBlockPerSecond(aws.putsPerSecondCap()));
    LocalAws endpoint = aws.https() ? LocalAws.startHttps(config) : LocalAws.start(config);
    endpoint.faults().addLatency(PUT, aws.putLatency());
    if (endpoint.certificate().isPresent()) {
      endpoint.certificate().get().writeTrustStore(trustStore());
    }
    return endpoint;
  }

  private String endpointDescription() {
    return String.format(Locale.ROOT, "LocalAws in the bench's process, %s on 127.0.0.1; %d ms added to every "
            + "PutSnapshotBlock; %d puts/s per snapshot, beyond that RequestThrottledException; every block's SHA-256 "
            + "checked, digests kept, not data; a fresh endpoint per run",
        aws.https()
            ? "HTTPS with a certificate made for it (so the SDK sends each block's payload unsigned, as to AWS, and "
                + "encrypts it; the endpoint decrypts it on the same cores)"
            : "plain HTTP (so the SDK hashes each block's payload once more to sign it, which over HTTPS, as to AWS, "
                + "it does not)",
        aws.putLatency().toMillis(), aws.putsPerSecondCap());
  }

  /** Where the child finds the HTTPS endpoint's certificate, as its JVM's trust store. */
  private Path trustStore() throws IOException {
    Files.createDirectories(scratch);
    return scratch.resolve("aws-endpoint-trust.p12");
  }

  private AwsRun measured(LocalAws endpoint, AwsProbeResult child) {
    PutAnswers answers = putAnswers(endpoint);
    return new AwsRun(child.transferSeconds(), answers.windowSeconds(), answers.perSecond(), answers.laterHalfPerSecond(),
        answers.answered().size(), child.blocksZero(), endpoint.errorCount(PUT, THROTTLED), snapshotCompleted(endpoint), child);
  }

  /**
   * The accepted puts' answers as the endpoint logged them: the time the upload was putting
   * blocks, without the child's start-up (SDK clients made, preflight, StartSnapshot) that a
   * running worker has behind it. The endpoint logs each call when it answers, so the first
   * arrived one latency before its answer.
   */
  private PutAnswers putAnswers(LocalAws endpoint) {
    return new PutAnswers(endpoint.calls().stream()
        .filter(call -> call.operation().equals(PUT) && call.status() < 300)
        .map(AwsCall::at)
        .toList(), aws.putLatency());
  }

  /**
   * Uploads until about {@code killAt} of {@code dataBlocks} were put, kills the child, lets the
   * puts it had in flight land, and has a second child go on from the first one's last checkpoint.
   */
  private KillAndResume killAndResume(AwsBench.Upload file, long dataBlocks) throws IOException {
    long killAfter = Math.max(1, Math.round(dataBlocks * aws.killAt()));
    progress.printf(Locale.ROOT, "  kill run: the upload is killed once %d of %d blocks were put, then resumed%n",
        killAfter, dataBlocks);
    progress.flush();
    Path firstCheckpoints = checkpointFile("killed");
    Path secondCheckpoints = checkpointFile("resumed");
    try (LocalAws endpoint = startEndpoint()) {
      Process first = new ProcessBuilder(command(file, endpoint, firstCheckpoints, Optional.empty()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      long putsAtKill = killOnceEnoughPuts(first, endpoint, killAfter);
      long afterKill = settledPuts(endpoint);
      Optional<TransferCheckpoint> checkpoint = new CheckpointFile(firstCheckpoints).read();
      long checkpointed = checkpoint.map(c -> c.resume().blocksAccepted()).orElse(0L);

      AwsProbeResult second = runToEnd(
          command(file, endpoint, secondCheckpoints, checkpoint.map(any -> firstCheckpoints)), file);
      long total = acceptedPuts(endpoint);
      long distinct = second.blocksWritten();
      long resent = total - distinct;
      KillAndResume killed = new KillAndResume(aws.killAt(), putsAtKill, afterKill - putsAtKill, checkpointed,
          checkpoint.isPresent(), total - afterKill, total, distinct, resent, percent(resent, distinct),
          percent(afterKill - putsAtKill, distinct), endpoint.errorCount(PUT, THROTTLED), second.transferSeconds(),
          snapshotCompleted(endpoint));
      progress.printf(Locale.ROOT, "  killed after %d puts (%d more landed from its flight), its checkpoint had %d; "
              + "the resumed upload put %d: %d of %d blocks re-sent (%.2f %%)%s%n",
          putsAtKill, killed.putsInFlight(), checkpointed, killed.putsByResume(), resent, distinct, killed.resentPercent(),
          killed.snapshotCompleted() ? "" : ", SNAPSHOT NOT COMPLETED");
      progress.flush();
      return killed;
    }
  }

  /** Watches the endpoint's puts and SIGKILLs the child at {@code killAfter}; the puts answered by then. */
  private static long killOnceEnoughPuts(Process child, LocalAws endpoint, long killAfter) throws IOException {
    try {
      while (acceptedPuts(endpoint) < killAfter) {
        if (!child.isAlive()) {
          throw new IOException("the upload to be killed ended first (exit " + child.exitValue() + ") after "
              + acceptedPuts(endpoint) + " puts");
        }
        Thread.sleep(POLL.toMillis());
      }
      long putsAtKill = acceptedPuts(endpoint);
      // destroyForcibly is SIGKILL on Linux: the child gets no chance to checkpoint or close anything.
      child.destroyForcibly().waitFor();
      return putsAtKill;
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the upload to be killed ran", e);
    }
  }

  /**
   * The puts once those a killed child had in flight were answered: the endpoint handles each
   * after its latency even though nobody waits for the answer, as AWS does.
   */
  private long settledPuts(LocalAws endpoint) throws IOException {
    long quiet = Math.max(50, 3 * aws.putLatency().toMillis());
    try {
      long before;
      long after = acceptedPuts(endpoint);
      do {
        before = after;
        Thread.sleep(quiet);
        after = acceptedPuts(endpoint);
      } while (after != before);
      return after;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the killed upload's puts landed", e);
    }
  }

  private static long acceptedPuts(LocalAws endpoint) {
    return endpoint.callCount(PUT) - endpoint.errorCount(PUT, THROTTLED);
  }

  /** Whether the endpoint holds exactly one snapshot and it is completed. */
  private static boolean snapshotCompleted(LocalAws endpoint) {
    List<InventoryItem> snapshots = endpoint.inventory().of(ResourceKind.SNAPSHOT);
    return snapshots.size() == 1 && snapshots.get(0).state().equals("completed");
  }

  private AwsProbeResult runToEnd(List<String> command, AwsBench.Upload file) throws IOException {
    TimedProcess process = TimedProcess.run(command);
    String lastLine = process.lastJsonLine();
    if (process.exitCode() != 0 || lastLine.isEmpty()) {
      throw new IOException("the upload of " + file.url() + " in a child JVM failed (exit "
          + process.exitCode() + "): " + process.stderr().strip());
    }
    return AwsUploadProbe.parse(lastLine);
  }

  private List<String> command(AwsBench.Upload file, LocalAws endpoint, Path checkpoints, Optional<Path> resumeFrom)
      throws IOException {
    List<String> javaOptions = new ArrayList<>(childJavaOptions);
    if (endpoint.certificate().isPresent()) {
      // The AWS SDK's Apache client trusts what the JVM's default trust store holds: here, only this endpoint.
      javaOptions.addAll(List.of("-Djavax.net.ssl.trustStore=" + trustStore(), "-Djavax.net.ssl.trustStoreType=PKCS12",
          "-Djavax.net.ssl.trustStorePassword=" + SelfSignedCertificate.PASSWORD));
    }
    List<String> command = ChildTransfer.javaCommand(javaOptions, AwsUploadProbe.class);
    command.addAll(List.of("--url", file.url().toString(),
        "--compressed-size", Long.toString(file.size()),
        "--sha256", file.sha256(),
        "--format", aws.source().format(),
        "--threads", Integer.toString(decodeThreads),
        "--endpoint", endpoint.endpoint().toString(),
        "--parallelism", Integer.toString(aws.parallelism()),
        "--checkpoint-interval", aws.checkpointInterval().toString(),
        "--checkpoint-file", checkpoints.toString()));
    resumeFrom.ifPresent(path -> command.addAll(List.of("--resume-from", path.toString())));
    return command;
  }

  private Path checkpointFile(String name) throws IOException {
    Files.createDirectories(scratch);
    return scratch.resolve("aws-checkpoint-" + name + ".json");
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }
}
