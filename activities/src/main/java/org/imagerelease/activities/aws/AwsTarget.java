package org.imagerelease.activities.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.events.PublishedImageAttributes;
import org.imagerelease.activities.targets.CheckpointedTransfer;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * Releases raw disk images as public AMIs: the image streams into an EBS snapshot in the primary
 * region (no helper instance, no S3, no temporary disk, resumable without sending a block twice),
 * the AMI is registered there and tested, copied to every other region once the gate opened, and
 * made public with its SSM parameter. Long waits (a snapshot completing, an AMI becoming
 * available, a copy) come back to the release as pending images it looks at again on a timer.
 *
 * <p>Everything made is named and tagged from the image at its location ({@link AwsNames}), so a
 * retry adopts what an earlier attempt made, and an undo finds it even when it never reported back.
 */
public final class AwsTarget implements ReleaseTarget {
  /** The target name in configuration and in {@link ImageAtLocation#target()}. */
  public static final String NAME = "aws";

  static final String SNAPSHOT_ID = "snapshotId";
  static final String SOURCE_REGION = "sourceRegion";
  static final String SOURCE_IMAGE_ID = "sourceImageId";
  static final String SSM_PARAMETER = "ssmParameter";
  static final String SMOKE_INSTANCE = "smokeTestInstance";
  static final String SMOKE_STARTED = "smokeTestStartedAt";
  static final String SMOKE_RESULT = LocationImage.TEST_RESULT + SmokeTest.TESTCASE;
  private static final Logger log = LoggerFactory.getLogger(AwsTarget.class);

  private final AwsConfig config;
  private final AwsClients clients;
  private final ImageTransfer transfer;
  private final Publication publication;
  private final AwsAccount account;
  private final Clock clock;

  AwsTarget(AwsConfig config, AwsClients clients, ImageTransfer transfer) {
    this(config, clients, transfer, Clock.systemUTC());
  }

  AwsTarget(AwsConfig config, AwsClients clients, ImageTransfer transfer, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.transfer = transfer;
    this.publication = new Publication(clients, config);
    this.account = new AwsAccount(clients);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Uploads the image into a snapshot of the primary region, after a check of the worker's
   * credentials and a preflight of every region the release will publish in; adopts the AMI or the completed snapshot an earlier attempt
   * made. Returns the image pending until its AMI is available.
   */
  @Override
  public LocationImage upload(ImageAtLocation destination, URI source, Heartbeat heartbeat) throws IOException {
    account.verify(config.primaryRegion(), destination.imageName() + " of " + destination.composeId());
    String amiName = amiName(destination);
    Amis amis = amis(destination.location());
    Optional<Image> registered = amis.named(amiName, destination);
    if (registered.isPresent()) {
      log.info("Adopting AMI {} of {} in {}", registered.get().imageId(), destination.imageName(), destination.location());
      return asLocationImage(destination, registered.get(), Map.of());
    }
    Snapshots snapshots = snapshots(destination.location());
    Optional<Snapshot> completed =
        snapshots.of(destination).stream().filter(s -> s.state() == SnapshotState.COMPLETED).findFirst();
    if (completed.isPresent()) {
      log.info("Adopting completed snapshot {} of {} in {}", completed.get().snapshotId(), destination.imageName(), destination.location());
      return pending(destination, completed.get().snapshotId(), "snapshot " + completed.get().snapshotId() + " completed");
    }
    List<String> regions = new ArrayList<>(List.of(config.primaryRegion()));
    regions.addAll(config.regions());
    publication.preflight(destination, regions);
    EbsSnapshotSink sink = new EbsSnapshotSink(clients.ebs(destination.location()), snapshots, destination, config);
    CheckpointedTransfer.run(transfer, request(destination, source), sink, heartbeat);
    return pending(destination, sink.snapshotId(), "snapshot " + sink.snapshotId() + " completing");
  }

  /** Copies the AMI into another region; beyond AWS's 20 copies per region it waits its turn. */
  @Override
  public LocationImage replicate(LocationImage source, ImageAtLocation destination, Heartbeat heartbeat) {
    Optional<Image> copied = amis(destination.location()).named(amiName(destination), destination);
    if (copied.isPresent()) {
      return asLocationImage(destination, copied.get(), Map.of());
    }
    return startCopy(destination, source.ref().location(), source.resourceId());
  }

  /**
   * Looks again at a pending image: a snapshot completing (then registers the AMI), an AMI
   * becoming available, a copy waiting for its turn.
   */
  @Override
  public LocationImage check(LocationImage image) {
    ImageAtLocation ref = image.ref();
    if (!image.resourceId().isEmpty()) {
      Image ami = amis(ref.location()).find(image.resourceId()).orElseThrow(() -> gone(ref, image.resourceId()));
      return asLocationImage(ref, ami, image.attributes());
    }
    if (image.attributes().containsKey(SOURCE_IMAGE_ID)) {
      return startCopy(ref, image.attributes().get(SOURCE_REGION), image.attributes().get(SOURCE_IMAGE_ID));
    }
    String snapshotId = image.attributes().get(SNAPSHOT_ID);
    Snapshot snapshot = snapshots(ref.location()).find(snapshotId).orElseThrow(() -> gone(ref, snapshotId));
    if (snapshot.state() == SnapshotState.PENDING) {
      return pending(ref, snapshotId, "snapshot " + snapshotId + " completing (" + snapshot.progress() + ")");
    }
    if (snapshot.state() != SnapshotState.COMPLETED) {
      throw new ReleaseException(
          ReleaseFailureTypes.CORRUPT_ARCHIVE,
          "Snapshot " + snapshotId + " of " + ref.imageName() + " in " + ref.location() + " ended " + snapshot.stateAsString()
              + (snapshot.stateMessage() == null ? "" : ": " + snapshot.stateMessage()));
    }
    Amis amis = amis(ref.location());
    Image ami = amis.register(ref, amiName(ref), snapshotId);
    amis.deprecate(ami, ref);
    return asLocationImage(ref, ami, Map.of(SNAPSHOT_ID, snapshotId));
  }

  /** Makes the available AMI public, with its snapshots, and points the SSM parameter at it. */
  @Override
  public LocationImage publish(LocationImage image) throws IOException {
    ImageAtLocation ref = image.ref();
    Image ami = amis(ref.location()).find(image.resourceId()).orElseThrow(() -> gone(ref, image.resourceId()));
    Optional<String> parameter = publication.publish(ref, ami);
    Map<String, String> attributes = new HashMap<>(image.attributes());
    parameter.ifPresent(name -> attributes.put(SSM_PARAMETER, name));
    return new LocationImage(ref, image.resourceId(), image.url(), attributes);
  }

  @Override
  public void unpublish(ImageAtLocation ref) {
    for (Image ami : amis(ref.location()).of(ref)) {
      publication.unpublish(ref, ami);
    }
  }

  /** Deregisters every AMI and deletes every snapshot made for the image in the region. */
  @Override
  public void withdraw(ImageAtLocation ref) {
    Amis amis = amis(ref.location());
    Snapshots snapshots = snapshots(ref.location());
    try {
      SmokeTest smoke = new SmokeTest(clients.ec2(ref.location()), config.smokeTest(), config.tags(), clock);
      smoke.terminate(smoke.instancesOf(ref));
      for (Image ami : amis.of(ref)) {
        publication.unpublish(ref, ami);
        amis.deregisterWithSnapshots(ami, snapshots);
      }
      for (Snapshot snapshot : snapshots.of(ref)) {
        snapshots.delete(snapshot.snapshotId());
      }
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Withdrawing " + ref.imageName() + " from " + ref.location());
    }
    log.info("Withdrew {} from {}", ref.imageName(), ref.location());
  }

  /**
   * Terminates the release's smoke test instances and deletes its snapshots that never became an
   * AMI (unfinished or failed).
   */
  @Override
  public void cleanUp(CleanupRequest request) {
    List<String> locations = request.locations().isEmpty() ? allRegions() : request.locations();
    for (String region : locations) {
      SmokeTest smoke = new SmokeTest(clients.ec2(region), config.smokeTest(), config.tags(), clock);
      List<String> instances = smoke.instancesOf(request.releaseId());
      smoke.terminate(instances);
      if (!instances.isEmpty()) {
        log.info("Terminated instances {} of release {} in {}", instances, request.releaseId(), region);
      }
      Snapshots snapshots = snapshots(region);
      for (Snapshot snapshot : snapshots.ofRelease(request.releaseId())) {
        if (snapshot.state() != SnapshotState.COMPLETED) {
          snapshots.delete(snapshot.snapshotId());
          log.info("Deleted unfinished snapshot {} of release {} in {}", snapshot.snapshotId(), request.releaseId(), region);
        }
      }
    }
  }

  private LocationImage startCopy(ImageAtLocation destination, String sourceRegion, String sourceImageId) {
    Map<String, String> queued = Map.of(SOURCE_REGION, sourceRegion, SOURCE_IMAGE_ID, sourceImageId, PublishedImageAttributes.AMI_NAME, amiName(destination));
    try {
      String copyId = amis(destination.location()).copy(destination, amiName(destination), sourceRegion, sourceImageId);
      log.info("Copying AMI {} from {} to {} as {}", sourceImageId, sourceRegion, destination.location(), copyId);
      return new LocationImage(destination, copyId, "", queued)
          .stillPending("copy " + copyId + " from " + sourceRegion + " under way", config.pollInterval());
    } catch (AwsServiceException e) {
      if ("ResourceLimitExceeded".equals(AwsErrors.code(e))) {
        // AWS allows 20 copies in flight into one region: this one waits its turn.
        return new LocationImage(destination, "", "", queued)
            .stillPending("waiting: " + destination.location() + " has as many copies in flight as AWS allows", config.pollInterval());
      }
      throw e;
    }
  }

  /** Whether this image is the primary region's AMI and still owes its smoke test. */
  private boolean needsSmokeTest(LocationImage image) {
    return config.smokeTest().enabled()
        && image.ref().location().equals(config.primaryRegion())
        && !image.attributes().containsKey(SMOKE_RESULT);
  }

  /** Starts the smoke test, or looks at the one under way; the image is ready once it has an outcome. */
  private LocationImage smokeTested(LocationImage image) {
    ImageAtLocation ref = image.ref();
    SmokeTest smoke = new SmokeTest(clients.ec2(ref.location()), config.smokeTest(), config.tags(), clock);
    Map<String, String> attributes = new HashMap<>(image.attributes());
    SmokeTest.Progress progress;
    if (attributes.containsKey(SMOKE_INSTANCE)) {
      progress = new SmokeTest.Progress(attributes.get(SMOKE_INSTANCE), Long.parseLong(attributes.get(SMOKE_STARTED)));
    } else {
      progress = smoke.start(ref, image.resourceId());
      attributes.put(SMOKE_INSTANCE, progress.instanceId());
      attributes.put(SMOKE_STARTED, Long.toString(progress.startedAtMillis()));
    }
    Optional<SmokeTest.Outcome> outcome = smoke.look(ref, progress);
    if (outcome.isPresent()) {
      attributes.put(SMOKE_RESULT, outcome.get().name());
      return new LocationImage(ref, image.resourceId(), image.url(), attributes);
    }
    return new LocationImage(ref, image.resourceId(), image.url(), attributes)
        .stillPending("smoke test: instance " + progress.instanceId() + " booting " + image.resourceId(), config.pollInterval());
  }

  private LocationImage pending(ImageAtLocation ref, String snapshotId, String what) {
    return new LocationImage(ref, "", "", Map.of(SNAPSHOT_ID, snapshotId, PublishedImageAttributes.AMI_NAME, amiName(ref)))
        .stillPending(what, config.pollInterval());
  }

  private LocationImage asLocationImage(ImageAtLocation ref, Image ami, Map<String, String> known) {
    Map<String, String> attributes = new HashMap<>(known);
    attributes.put(PublishedImageAttributes.AMI_NAME, ami.name() == null ? amiName(ref) : ami.name());
    attributes.put(PublishedImageAttributes.RELEASE, AwsNames.release(ref.composeId()));
    Publication.backingSnapshots(ami).stream().findFirst().ifPresent(id -> attributes.put(SNAPSHOT_ID, id));
    LocationImage image = new LocationImage(ref, ami.imageId(), "", attributes);
    if (ami.state() == ImageState.AVAILABLE) {
      return needsSmokeTest(image) ? smokeTested(image) : image;
    }
    if (ami.state() == ImageState.PENDING || ami.state() == null) {
      return image.stillPending("AMI " + ami.imageId() + " becoming available", config.pollInterval());
    }
    throw new ReleaseException(
        ReleaseFailureTypes.CORRUPT_ARCHIVE,
        "AMI " + ami.imageId() + " of " + ref.imageName() + " in " + ref.location() + " is " + ami.stateAsString()
            + (ami.stateReason() == null ? "" : ": " + ami.stateReason().message()));
  }

  private TransferRequest request(ImageAtLocation destination, URI source) {
    Compression compression =
        Compression.ofFormat(destination.image().format())
            .orElseThrow(
                () ->
                    new ReleaseException(
                        ReleaseFailureTypes.UNSUPPORTED_IMAGE,
                        "Image " + destination.imageName() + " has format " + destination.image().format() + ", which the AWS target cannot decode"));
    return new TransferRequest(
        source, NAME, destination.location(), destination.imageName(), destination.image().size(), destination.image().sha256(), compression, null);
  }

  private String amiName(ImageAtLocation ref) {
    return AwsNames.amiName(config.ami().nameTemplate(), ref);
  }

  private List<String> allRegions() {
    List<String> regions = new ArrayList<>(List.of(config.primaryRegion()));
    regions.addAll(config.regions());
    return regions;
  }

  private Amis amis(String region) {
    return new Amis(clients.ec2(region), config, clock);
  }

  private Snapshots snapshots(String region) {
    return new Snapshots(clients.ec2(region));
  }

  private static ReleaseException gone(ImageAtLocation ref, String resource) {
    return new ReleaseException(
        ReleaseFailureTypes.COMPOSE_NOT_FOUND, resource + " of " + ref.imageName() + " in " + ref.location() + " is gone");
  }
}
