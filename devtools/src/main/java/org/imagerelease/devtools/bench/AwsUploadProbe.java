package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.targets.TargetServices;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The child JVM of {@code image-release bench --target aws}: uploads the bench's image through
 * the AWS target's own upload step (preflight, EBS snapshot sink, CompleteSnapshot with the
 * LINEAR checksum) into an AWS endpoint, and prints what it measured as one JSON line. Every
 * checkpoint goes to a file, as a worker heartbeats it to Temporal, and a child started with
 * {@code --resume-from} goes on from one, as a retried activity does; so a child killed midway
 * and a second one show what a killed worker costs.
 */
@Command(name = "aws-upload-probe", mixinStandardHelpOptions = true)
public final class AwsUploadProbe implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String RELEASE_ID = "release-Fedora-Bench-1";
  static final String COMPOSE_ID = "Fedora-Bench-1";
  static final String IMAGE_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-Bench-1.x86_64.raw.xz";

  @Mixin ProbeSource source;

  @Option(names = "--format", defaultValue = "raw.xz", description = "Its productmd format: raw.xz or raw.")
  String format;

  @Option(names = "--endpoint", required = true, description = "The AWS endpoint (EC2, EBS) to upload to.")
  URI endpoint;

  @Option(names = "--region", defaultValue = "us-east-1", description = "The region the snapshot is made in.")
  String region;

  @Option(names = "--parallelism", required = true, description = "Blocks put at once ([consumer_config.aws.upload] parallelism).")
  int parallelism;

  @Option(names = "--checkpoint-interval", required = true, description = "How often a checkpoint is taken, e.g. PT0.1S.")
  Duration checkpointInterval;

  @Option(names = "--checkpoint-file", required = true, description = "Where each checkpoint is written, replacing the one before.")
  Path checkpointFile;

  @Option(names = "--resume-from", description = "Go on from the checkpoint in this file, as a retried attempt does.")
  Path resumeFrom;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AwsUploadProbe()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Logging.quiet();
    // Any credentials do for a local endpoint; the SDK's default chain reads these first.
    System.setProperty("aws.accessKeyId", "AKIDBENCH");
    System.setProperty("aws.secretAccessKey", "bench-secret");
    PeakMemory memory = PeakMemory.watch();
    ImageReleaseConfig defaults = new ConfigLoader(Map.of()).defaults();
    StreamingImageTransfer transfer = new StreamingImageTransfer(transferSettings(defaults.transfer()), ComposeSources.anywhere());
    ReleaseTarget target = awsAtEndpoint(defaults.target(AwsConfig.class)).create(new TargetServices(transfer));
    Optional<TransferCheckpoint> resumed = resumeFrom == null ? Optional.empty() : new CheckpointFile(resumeFrom).read();
    FileHeartbeat heartbeat = new FileHeartbeat(new CheckpointFile(checkpointFile), resumed.orElse(null));

    long started = System.nanoTime();
    target.upload(destination(), source.url, heartbeat);
    long took = System.nanoTime() - started;

    TransferCheckpoint last = heartbeat.last().orElseThrow(() -> new IllegalStateException("the upload took no checkpoint"));
    AwsProbeResult result = new AwsProbeResult(parallelism, took, last.resume().blocksAccepted(), last.resume().blocksZero(),
        resumed.map(checkpoint -> checkpoint.resume().blocksAccepted()).orElse(0L), heartbeat.checkpoints(),
        PeakMemory.peakRssBytes(), memory.peakHeapBytes(), memory.liveHeapBytes(), PeakMemory.maxHeapBytes());
    print(result, System.out);
    return 0;
  }

  private TransferSettings transferSettings(TransferSettings d) {
    return new TransferSettings(d.blockSize(), d.sinkParallelism(), source.threads, d.connectTimeout(), d.readTimeout(),
        d.maxRetries(), d.maxDecodedSize(), checkpointInterval, d.memoryBudget(), d.throughputFloor());
  }

  /** The configured defaults at the endpoint, with the parallelism asked for and no smoke test (this measures the upload). */
  private AwsConfig awsAtEndpoint(AwsConfig d) {
    return new AwsConfig(true, region, List.of(), d.selection(), d.testcases(), d.ami(),
        new AwsConfig.UploadSettings(parallelism, d.upload().sendZeroBlocks(), d.upload().snapshotTimeout()),
        d.publish(),
        new AwsConfig.SmokeTestSettings(false, "", Map.of(), LocalAwsConfig.DEFAULT_CONSOLE_MARKER, d.smokeTest().timeout()),
        Optional.of(endpoint), Map.of("Bench", "image-release bench"), d.callTimeout(), d.pollInterval());
  }

  private ImageAtLocation destination() {
    boolean raw = format.equals("raw");
    ImageArtifact image = new ImageArtifact("Cloud", "x86_64", "Cloud_Base", raw ? "raw" : "raw-xz", format,
        raw ? IMAGE_PATH.replace(".raw.xz", ".raw") : IMAGE_PATH, source.compressedSize, source.sha256);
    return new ImageAtLocation(RELEASE_ID, COMPOSE_ID, "aws", region, image);
  }

  static void print(AwsProbeResult result, PrintStream out) throws JsonProcessingException {
    out.println(JSON.writeValueAsString(result));
    out.flush();
  }

  static AwsProbeResult parse(String line) throws JsonProcessingException {
    return JSON.readValue(line, AwsProbeResult.class);
  }

  /** The heartbeat of a worker whose Temporal server is a file: keeps every checkpoint there. */
  private static final class FileHeartbeat implements Heartbeat {
    private final CheckpointFile file;
    private final TransferCheckpoint previousAttempt;
    private final AtomicReference<TransferCheckpoint> last = new AtomicReference<>();
    private final AtomicInteger checkpoints = new AtomicInteger();

    FileHeartbeat(CheckpointFile file, TransferCheckpoint previousAttempt) {
      this.file = file;
      this.previousAttempt = previousAttempt;
    }

    @Override
    public void beat(Object details) {
      if (details instanceof TransferCheckpoint checkpoint && checkpoint.resume() != null) {
        try {
          file.write(checkpoint);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot keep the checkpoint in " + file.path(), e);
        }
        last.set(checkpoint);
        checkpoints.incrementAndGet();
      }
    }

    @Override
    public <T> Optional<T> lastDetails(Class<T> type) {
      return type.isInstance(previousAttempt) ? Optional.of(type.cast(previousAttempt)) : Optional.empty();
    }

    Optional<TransferCheckpoint> last() {
      return Optional.ofNullable(last.get());
    }

    int checkpoints() {
      return checkpoints.get();
    }
  }
}
