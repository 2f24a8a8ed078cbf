package org.imagerelease.activities.aws;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TestImages;
import org.imagerelease.activities.transfer.TestSettings;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;

/**
 * The AWS target against the local AWS endpoint, through the real SDK clients: a compose image
 * served on loopback, the target, and a way to play the release's waiting on timers.
 */
final class AwsRig implements AutoCloseable {
  static final String PRIMARY = "us-east-1";
  static final String REPLICA = "eu-west-1";
  static final String RELEASE_ID = "release-Fedora-42-20261207.n.0";
  static final String COMPOSE_ID = "Fedora-42-20261207.n.0";
  static final String IMAGE_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-42-20261207.n.0.x86_64.raw.xz";
  /** Six 512 KiB blocks and a bit, some of them all zero. */
  static final byte[] DISK = TestImages.sparseImage(3 * 1024 * 1024 + 4321, 42);
  static final byte[] FILE = TestImages.xzWithBlocksOf(DISK, 1 << 20);

  final LocalAws aws;
  final ComposeHttpServer compose;
  final ImageArtifact image;
  final AwsConfig config;
  final AwsTarget target;
  private final AwsClients clients;

  AwsRig(Path dir, LocalAwsConfig localConfig, java.util.function.UnaryOperator<AwsConfig> configure) throws IOException {
    // The SDK's default credential chain reads these first; the local endpoint takes any.
    System.setProperty("aws.accessKeyId", "AKIDLOCAL");
    System.setProperty("aws.secretAccessKey", "local-secret");
    aws = LocalAws.start(localConfig);
    Path file = dir.resolve(IMAGE_PATH);
    Files.createDirectories(file.getParent());
    Files.write(file, FILE);
    compose = ComposeHttpServer.start(dir);
    image = new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz", IMAGE_PATH, FILE.length, TestImages.sha256(FILE));
    config = configure.apply(config(aws.endpoint()));
    clients = new AwsClients(config);
    target = targetWith(clients);
  }

  /** Another AWS target on the same endpoint, signing with other clients' credentials. */
  AwsTarget targetWith(AwsClients otherClients) {
    return new AwsTarget(config, otherClients, new StreamingImageTransfer(new TestSettings().checkpointInterval(Duration.ofMillis(20)).build(), ComposeSources.anywhere()), Clock.systemUTC());
  }

  static AwsConfig config(URI endpoint) {
    return new AwsConfig(
        true,
        PRIMARY,
        List.of(REPLICA),
        SelectionRule.awsDefault(),
        Optional.empty(),
        new AwsConfig.AmiSettings("{image}", Map.of("x86_64", "uefi-preferred"), false, "gp3", Duration.ofDays(365), Duration.ofDays(90)),
        new AwsConfig.UploadSettings(8, false, Duration.ofHours(1)),
        new AwsConfig.PublishSettings("/image-release/{release}/{subvariant}/{arch}/latest", 5),
        new AwsConfig.SmokeTestSettings(true, "", Map.of(), LocalAwsConfig.DEFAULT_CONSOLE_MARKER, Duration.ofMinutes(5)),
        Optional.of(endpoint),
        Map.of("Team", "releng"),
        Duration.ofSeconds(30),
        Duration.ofMillis(10));
  }

  ImageAtLocation at(String region) {
    return new ImageAtLocation(RELEASE_ID, COMPOSE_ID, AwsTarget.NAME, region, image);
  }

  /** The same bytes as another arch's image of the compose, with its own file name. */
  ImageAtLocation otherArch(String region) throws IOException {
    String path = IMAGE_PATH.replace("x86_64", "aarch64");
    Path file = compose.root().resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, FILE);
    return new ImageAtLocation(
        RELEASE_ID, COMPOSE_ID, AwsTarget.NAME, region,
        new ImageArtifact("Cloud", "aarch64", "Cloud_Base", "raw-xz", "raw.xz", path, FILE.length, TestImages.sha256(FILE)));
  }

  URI source(ImageAtLocation ref) {
    return compose.uriOf(ref.image().path());
  }

  URI source() {
    return compose.uriOf(IMAGE_PATH);
  }

  /** What the release does between looks: wait on a timer, then ask the target again. */
  LocationImage untilReady(LocationImage image) throws Exception {
    LocationImage current = image;
    for (int look = 0; current.waitsForTarget(); look++) {
      if (look > 2000) {
        throw new AssertionError("still pending after 2000 looks: " + current.pending().what());
      }
      Thread.sleep(5);
      current = target.check(current);
    }
    return current;
  }

  /** Uploads to the primary region and waits until the AMI is available and smoke-tested. */
  LocationImage uploaded() throws Exception {
    return untilReady(target.upload(at(PRIMARY), source(), new RecordingHeartbeat()));
  }

  long dataBlocks() {
    return java.util.stream.LongStream.range(0, (DISK.length + EbsSnapshotSink.BLOCK_SIZE - 1) / EbsSnapshotSink.BLOCK_SIZE)
        .filter(block -> !zero(block))
        .count();
  }

  long blocks() {
    return (DISK.length + EbsSnapshotSink.BLOCK_SIZE - 1) / EbsSnapshotSink.BLOCK_SIZE;
  }

  private static boolean zero(long block) {
    int from = (int) (block * EbsSnapshotSink.BLOCK_SIZE);
    int to = Math.min(DISK.length, from + EbsSnapshotSink.BLOCK_SIZE);
    for (int i = from; i < to; i++) {
      if (DISK[i] != 0) {
        return false;
      }
    }
    return true;
  }

  AwsClients clients() {
    return clients;
  }

  @Override
  public void close() {
    clients.close();
    compose.close();
    aws.close();
  }

  /** A heartbeat that remembers every beat, offers an earlier attempt's last one, and can stop the attempt. */
  static final class RecordingHeartbeat implements Heartbeat {
    final List<Object> beats = new CopyOnWriteArrayList<>();
    private final Object previousAttempt;
    private final int stopAfterAcceptedBlocks;

    RecordingHeartbeat() {
      this(null, Integer.MAX_VALUE);
    }

    RecordingHeartbeat(Object previousAttempt, int stopAfterAcceptedBlocks) {
      this.previousAttempt = previousAttempt;
      this.stopAfterAcceptedBlocks = stopAfterAcceptedBlocks;
    }

    @Override
    public void beat(Object details) {
      beats.add(details);
      if (details instanceof TransferCheckpoint checkpoint
          && checkpoint.resume() != null
          && checkpoint.resume().blocksAccepted() >= stopAfterAcceptedBlocks) {
        throw new IllegalStateException("worker killed (simulated) after a checkpoint with " + checkpoint.resume().blocksAccepted() + " blocks");
      }
    }

    @Override
    public <T> Optional<T> lastDetails(Class<T> type) {
      return type.isInstance(previousAttempt) ? Optional.of(type.cast(previousAttempt)) : Optional.empty();
    }

    TransferCheckpoint lastCheckpoint() {
      for (int i = beats.size() - 1; i >= 0; i--) {
        if (beats.get(i) instanceof TransferCheckpoint checkpoint && checkpoint.resume() != null) {
          return checkpoint;
        }
      }
      throw new AssertionError("no checkpoint among " + beats.size() + " beats");
    }
  }
}
