package org.imagerelease.activities.aws;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Finds what image-release made in AWS and no release owns any more: snapshots, AMIs and
 * instances tagged by it whose release ended without releasing them (compensated, failed,
 * cancelled or terminated with a worker gone), snapshots that never became an AMI, smoke test
 * instances still running after their release ended. A public AMI, and a snapshot behind one, is
 * never swept: people launch it; only with {@code deregisterDeprecated} is a public AMI past its
 * deprecation date deregistered, with its snapshots.
 */
public final class AwsSweep {
  private static final Logger log = LoggerFactory.getLogger(AwsSweep.class);

  /** How a release stands, as Temporal knows it. */
  public enum Fate {
    /** Still running: everything it made may still be needed. */
    RUNNING,
    /** Ended released: its AMIs are owned; leftovers of its way there are not. */
    RELEASED,
    /** Ended without releasing (compensated, failed, cancelled, terminated). */
    ENDED_UNRELEASED,
    /** Temporal has no such release (never started here, or its history is gone). */
    UNKNOWN
  }

  /**
   * One resource to remove.
   *
   * @param kind snapshot, image or instance
   * @param why why nothing owns it
   */
  public record Leftover(String region, String kind, String id, String releaseId, String why) {}

  private final AwsConfig config;
  private final Function<String, Ec2Client> ec2;
  private final Clock clock;

  public AwsSweep(AwsConfig config) {
    this(config, new AwsClients(config)::ec2, Clock.systemUTC());
  }

  AwsSweep(AwsConfig config, Function<String, Ec2Client> ec2, Clock clock) {
    this.config = config;
    this.ec2 = ec2;
    this.clock = clock;
  }

  /**
   * What nothing owns in every configured region.
   *
   * @param fateOfCompose how the release of a compose (by its compose id) stands
   * @param deregisterDeprecated whether public AMIs past their deprecation date go too
   */
  public List<Leftover> find(Function<String, Fate> fateOfCompose, boolean deregisterDeprecated) {
    Map<String, Fate> fates = new HashMap<>();
    List<Leftover> leftovers = new ArrayList<>();
    for (String region : regions()) {
      Ec2Client client = ec2.apply(region);
      List<Image> images = client.describeImagesPaginator(b -> b.owners("self").filters(ours())).images().stream().toList();
      Set<String> keptSnapshots = new HashSet<>();
      for (Image image : images) {
        Fate fate = fates.computeIfAbsent(tag(image.tags(), AwsNames.COMPOSE_ID), fateOfCompose);
        boolean expired = image.deprecationTime() != null && Instant.parse(image.deprecationTime()).isBefore(clock.instant());
        String why = whyUnowned(fate, Boolean.TRUE.equals(image.publicLaunchPermissions()), expired && deregisterDeprecated);
        if (why == null) {
          keptSnapshots.addAll(Publication.backingSnapshots(image));
        } else {
          leftovers.add(new Leftover(region, "image", image.imageId(), tag(image.tags(), AwsNames.RELEASE_ID), why));
        }
      }
      for (Snapshot snapshot : client.describeSnapshotsPaginator(b -> b.ownerIds("self").filters(ours())).snapshots()) {
        Fate fate = fates.computeIfAbsent(tag(snapshot.tags(), AwsNames.COMPOSE_ID), fateOfCompose);
        if (fate == Fate.RUNNING || keptSnapshots.contains(snapshot.snapshotId())) {
          continue;
        }
        String why =
            snapshot.state() == SnapshotState.COMPLETED
                ? "no AMI of a live or released release uses it (release " + fate.name().toLowerCase() + ")"
                : "never completed (" + snapshot.stateAsString() + ") and its release is " + fate.name().toLowerCase();
        leftovers.add(new Leftover(region, "snapshot", snapshot.snapshotId(), tag(snapshot.tags(), AwsNames.RELEASE_ID), why));
      }
      for (Instance instance :
          client.describeInstancesPaginator(b -> b.filters(ours())).reservations().stream().flatMap(r -> r.instances().stream()).toList()) {
        Fate fate = fates.computeIfAbsent(tag(instance.tags(), AwsNames.COMPOSE_ID), fateOfCompose);
        if (fate != Fate.RUNNING && instance.state().name() != InstanceStateName.TERMINATED) {
          leftovers.add(
              new Leftover(region, "instance", instance.instanceId(), tag(instance.tags(), AwsNames.RELEASE_ID), "smoke test instance of an ended release"));
        }
      }
    }
    return leftovers;
  }

  /** Removes the leftovers: instances first, then AMIs, then snapshots no AMI needs any more. */
  public void delete(List<Leftover> leftovers) {
    for (String kind : List.of("instance", "image", "snapshot")) {
      for (Leftover leftover : leftovers.stream().filter(l -> l.kind().equals(kind)).toList()) {
        Ec2Client client = ec2.apply(leftover.region());
        switch (kind) {
          case "instance" -> new SmokeTest(client, config.smokeTest(), config.tags(), clock).terminate(List.of(leftover.id()));
          case "image" -> client.deregisterImage(b -> b.imageId(leftover.id()));
          default -> new Snapshots(client).delete(leftover.id());
        }
        log.info("Swept {} {} of release {} in {}: {}", leftover.kind(), leftover.id(), leftover.releaseId(), leftover.region(), leftover.why());
      }
    }
  }

  /** Why no one owns an AMI; null when someone does. */
  private static String whyUnowned(Fate fate, boolean isPublic, boolean expiredAndAllowed) {
    if (isPublic) {
      return expiredAndAllowed ? "public, and past its deprecation date" : null;
    }
    return switch (fate) {
      case RUNNING, RELEASED -> null;
      case ENDED_UNRELEASED -> "private, and its release ended without releasing it";
      case UNKNOWN -> "private, and Temporal knows no release of its compose";
    };
  }

  private List<String> regions() {
    List<String> regions = new ArrayList<>(List.of(config.primaryRegion()));
    regions.addAll(config.regions());
    return regions;
  }

  private static Filter ours() {
    return Snapshots.tagFilter(AwsNames.MANAGED_BY, AwsNames.MANAGED_BY_US);
  }

  private static String tag(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse("");
  }
}
