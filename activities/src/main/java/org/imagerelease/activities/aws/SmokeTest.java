package org.imagerelease.activities.aws;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Boots the new AMI once in the primary region, as fedimg's {@code /bin/true} check did, but
 * without ssh: an instance of the configured type starts from it, both status checks must pass,
 * and its console must show the configured marker. The instance is terminated whatever happens,
 * and is tagged from the start, so clean-up finds it if a worker dies in between. Its outcome is
 * a test result the gate weighs beside ResultsDB's.
 */
final class SmokeTest {
  /** The testcase the outcome is reported under. */
  static final String TESTCASE = "image_release.aws.smoke_test";
  private static final Logger log = LoggerFactory.getLogger(SmokeTest.class);

  /** Where a running smoke test is, as the pending image carries it. */
  record Progress(String instanceId, long startedAtMillis) {}

  /** What the smoke test found; empty while it goes on. */
  enum Outcome {
    PASSED,
    FAILED
  }

  private final Ec2Client ec2;
  private final AwsConfig.SmokeTestSettings settings;
  private final Map<String, String> tags;
  private final Clock clock;

  SmokeTest(Ec2Client ec2, AwsConfig.SmokeTestSettings settings, Map<String, String> tags, Clock clock) {
    this.ec2 = ec2;
    this.settings = settings;
    this.tags = tags;
    this.clock = clock;
  }

  /** Launches the instance; a retry gets the same one back by its ClientToken. */
  Progress start(ImageAtLocation ref, String imageId) {
    String type = settings.instanceTypeOf(ref.image().arch());
    try {
      Instance instance =
          ec2.runInstances(
                  b -> {
                    b.imageId(imageId)
                        .instanceType(type)
                        .minCount(1)
                        .maxCount(1)
                        .clientToken(AwsNames.clientToken("smoke", ref, 0))
                        .instanceInitiatedShutdownBehavior(ShutdownBehavior.TERMINATE)
                        .tagSpecifications(
                            TagSpecification.builder()
                                .resourceType(ResourceType.INSTANCE)
                                .tags(AwsNames.tags(ref, tags).entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                                .build());
                    if (!settings.subnetId().isBlank()) {
                      b.subnetId(settings.subnetId());
                    }
                  })
              .instances()
              .get(0);
      log.info("Smoke test of {} ({}) in {}: instance {} ({}) starting", ref.imageName(), imageId, ref.location(), instance.instanceId(), type);
      return new Progress(instance.instanceId(), clock.millis());
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Launching the smoke test instance of " + imageId + " in " + ref.location());
    }
  }

  /** The outcome once there is one (the instance then terminated); empty while it boots. */
  Optional<Outcome> look(ImageAtLocation ref, Progress progress) {
    boolean timedOut = clock.millis() - progress.startedAtMillis() > settings.timeout().toMillis();
    Optional<Outcome> outcome = timedOut ? Optional.of(Outcome.FAILED) : judge(progress.instanceId());
    if (timedOut) {
      log.warn("Smoke test instance {} of {} in {} did not pass within {}", progress.instanceId(), ref.imageName(), ref.location(), settings.timeout());
    }
    outcome.ifPresent(
        result -> {
          terminate(List.of(progress.instanceId()));
          log.info("Smoke test of {} in {}: {} (instance {} terminated)", ref.imageName(), ref.location(), result, progress.instanceId());
        });
    return outcome;
  }

  private Optional<Outcome> judge(String instanceId) {
    Optional<Instance> instance =
        ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations().stream().flatMap(r -> r.instances().stream()).findFirst();
    InstanceStateName state = instance.map(i -> i.state().name()).orElse(InstanceStateName.TERMINATED);
    if (state == InstanceStateName.PENDING) {
      return Optional.empty();
    }
    if (state != InstanceStateName.RUNNING) {
      return Optional.of(Outcome.FAILED);
    }
    Optional<InstanceStatus> status =
        ec2.describeInstanceStatus(b -> b.instanceIds(instanceId).includeAllInstances(true)).instanceStatuses().stream().findFirst();
    boolean checksPassed =
        status.isPresent()
            && status.get().systemStatus().status() == SummaryStatus.OK
            && status.get().instanceStatus().status() == SummaryStatus.OK;
    if (status.isPresent()
        && (status.get().systemStatus().status() == SummaryStatus.IMPAIRED || status.get().instanceStatus().status() == SummaryStatus.IMPAIRED)) {
      return Optional.of(Outcome.FAILED);
    }
    return checksPassed && consoleShowsMarker(instanceId) ? Optional.of(Outcome.PASSED) : Optional.empty();
  }

  private boolean consoleShowsMarker(String instanceId) {
    String output = ec2.getConsoleOutput(b -> b.instanceId(instanceId).latest(true)).output();
    if (output == null) {
      return false;
    }
    String console = new String(Base64.getMimeDecoder().decode(output), StandardCharsets.UTF_8);
    return console.contains(settings.consoleMarker());
  }

  /** Terminates the instances; ones already gone are fine. */
  void terminate(List<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return;
    }
    try {
      ec2.terminateInstances(b -> b.instanceIds(instanceIds));
    } catch (Ec2Exception e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  /** The release's instances that are not terminated yet, in this region. */
  List<String> instancesOf(String releaseId) {
    return instancesTagged(Snapshots.tagFilter(AwsNames.RELEASE_ID, releaseId));
  }

  /** The image's smoke test instances that are not terminated yet. */
  List<String> instancesOf(ImageAtLocation ref) {
    return instancesTagged(Snapshots.tagFilter(AwsNames.RELEASE_ID, ref.releaseId()), Snapshots.tagFilter(AwsNames.IMAGE_FILE, ref.imageName()));
  }

  private List<String> instancesTagged(software.amazon.awssdk.services.ec2.model.Filter... filters) {
    List<software.amazon.awssdk.services.ec2.model.Filter> all = new java.util.ArrayList<>(List.of(filters));
    all.add(Snapshots.tagFilter(AwsNames.MANAGED_BY, AwsNames.MANAGED_BY_US));
    return ec2.describeInstancesPaginator(b -> b.filters(all))
        .reservations()
        .stream()
        .flatMap(r -> r.instances().stream())
        .filter(i -> i.state().name() != InstanceStateName.TERMINATED)
        .map(Instance::instanceId)
        .toList();
  }
}
