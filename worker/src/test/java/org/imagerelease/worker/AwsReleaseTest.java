package org.imagerelease.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.localcloud.aws.AwsFaults;
import org.imagerelease.localcloud.aws.InventoryItem;
import org.imagerelease.localcloud.aws.LocalAws;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.aws.ResourceKind;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole AWS path through {@link ImageReleaseWorkflow} on a real worker: the real AWS target
 * and SDK clients against the local AWS endpoint, gated on the AWS smoke test alone. Workflow
 * time skips, so a region's hour of retries passes at once; the endpoint's states change after a
 * few milliseconds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AwsReleaseTest {
  private static final String COMPOSE_ID = "Fedora-42-20261207.n.0";
  private static final String PRIMARY = "us-east-1";
  private static final String REPLICA = "eu-west-1";
  private static final String SMOKE_TEST = "image_release.aws.smoke_test";

  @TempDir Path dir;
  private OneReleaseOnTestServer temporal;
  private LocalAws aws;

  @BeforeEach
  void start() {
    // The SDK's default credential chain reads these first; the local endpoint takes any.
    System.setProperty("aws.accessKeyId", "AKIDLOCAL");
    System.setProperty("aws.secretAccessKey", "local-secret");
    aws = LocalAws.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)));
    temporal = new OneReleaseOnTestServer();
  }

  @AfterEach
  void stop() {
    temporal.close();
    aws.close();
  }

  @Test
  void theComposeBecomesAPublicAmiInEveryRegionWithItsParameterAndNoInstanceLeft() throws Exception {
    ReleaseStatus end = release(RegionFailurePolicy.defaults());

    assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(end.images()).hasSize(1);
    assertThat(end.images().get(0).locations())
        .extracting(LocationStatus::location, LocationStatus::state)
        .containsExactly(tuple(PRIMARY, LocationState.PUBLISHED), tuple(REPLICA, LocationState.PUBLISHED));
    for (String region : List.of(PRIMARY, REPLICA)) {
      assertThat(live(region, ResourceKind.IMAGE)).as("AMIs in %s", region).hasSize(1);
      assertThat(live(region, ResourceKind.SNAPSHOT)).as("snapshots in %s", region).hasSize(1);
      assertThat(live(region, ResourceKind.PARAMETER))
          .as("the parameter in %s names the region's AMI", region)
          .extracting(InventoryItem::detail)
          .containsExactly(live(region, ResourceKind.IMAGE).get(0).id());
    }
    assertThat(aws.callCount("CopyImage")).isEqualTo(1);
    assertThat(live(PRIMARY, ResourceKind.INSTANCE)).as("the smoke test's instance is terminated").isEmpty();
  }

  @Test
  void aRegionWhoseCopiesKeepFailingIsSkippedUnderTheDefaultPolicyAndTheRestIsReleased() throws Exception {
    aws.faults().inRegion(REPLICA).failWith("CopyImage", 500, AwsFaults.ALWAYS);

    ReleaseStatus end = release(RegionFailurePolicy.defaults());

    assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(end.images().get(0).locations())
        .extracting(LocationStatus::location, LocationStatus::state)
        .containsExactly(tuple(PRIMARY, LocationState.PUBLISHED), tuple(REPLICA, LocationState.SKIPPED));
    assertThat(end.images().get(0).locations().get(1).detail()).contains("skipped after");
    assertThat(live(PRIMARY, ResourceKind.IMAGE)).hasSize(1);
    assertThat(aws.inventory().in(REPLICA)).as(aws.inventory().format()).noneMatch(InventoryItem::live);
  }

  @Test
  void aRegionWhoseCopiesKeepFailingFailsTheReleaseUnderFailReleaseAndNothingIsLeftAnywhere() throws Exception {
    aws.faults().inRegion(REPLICA).failWith("CopyImage", 500, AwsFaults.ALWAYS);

    ReleaseStatus end = release(new RegionFailurePolicy(RegionFailurePolicy.OnFailure.FAIL_RELEASE, Duration.ofMinutes(30)));

    assertThat(end.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(end.lastError()).contains("eu-west-1").contains("Status Code: 500");
    assertThat(aws.inventory().live()).as(aws.inventory().format()).isEmpty();
    assertThat(aws.callCount("StartSnapshot")).as("something was made, then undone").isPositive();
  }

  @Test
  void aFailedSmokeTestFailsTheGateAndLeavesNoAmiSnapshotOrInstanceAnywhere() throws Exception {
    aws.reconfigure(c -> c.withConsoleMarker("the instance never boots this far"));

    ReleaseStatus end = release(RegionFailurePolicy.defaults(), Duration.ofSeconds(3));

    assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(aws.callCount("RunInstances")).as("the smoke test ran").isEqualTo(1);
    assertThat(aws.callCount("CopyImage")).as("nothing is copied before the gate").isZero();
    assertThat(aws.inventory().live()).as(aws.inventory().format()).isEmpty();
  }

  private ReleaseStatus release(RegionFailurePolicy regionFailure) throws Exception {
    return release(regionFailure, Duration.ofMinutes(5));
  }

  /** Releases the compose; a smoke test instance whose console lacks the marker fails after {@code smokeTestTimeout}. */
  private ReleaseStatus release(RegionFailurePolicy regionFailure, Duration smokeTestTimeout) throws Exception {
    ImageReleaseConfig config = awsOnly(new ConfigLoader(Map.of()).defaults().withComposeSources(ComposeSources.localOnly()), smokeTestTimeout);
    ComposeRef compose = new ComposeRef(COMPOSE_ID, ComposeWithOneImage.writeAmazonEc2(dir.resolve("compose"), COMPOSE_ID).toString());
    GateSettings smokeTestOnly = new GateSettings(GatePolicy.TESTS, Duration.ofHours(6), List.of(SMOKE_TEST));
    return temporal.release(config, WorkerExtras.none(), compose, smokeTestOnly, regionFailure);
  }

  /** The built-in defaults with the mirror off and AWS on at the local endpoint. */
  private ImageReleaseConfig awsOnly(ImageReleaseConfig defaults, Duration smokeTestTimeout) {
    MirrorConfig mirror = defaults.target(MirrorConfig.class);
    AwsConfig d = defaults.target(AwsConfig.class);
    AwsConfig local =
        new AwsConfig(
            true, PRIMARY, List.of(REPLICA), d.selection(), d.testcases(), d.ami(), d.upload(), d.publish(),
            new AwsConfig.SmokeTestSettings(true, "", Map.of(), LocalAwsConfig.DEFAULT_CONSOLE_MARKER, smokeTestTimeout),
            Optional.of(aws.endpoint()), Map.of("Team", "releng"), Duration.ofSeconds(30), Duration.ofMillis(50));
    return defaults
        .withTarget(new MirrorConfig(false, mirror.settings(), mirror.selection(), mirror.testcases()))
        .withTarget(local);
  }

  private List<InventoryItem> live(String region, ResourceKind kind) {
    return aws.inventory().in(region).stream().filter(i -> i.kind() == kind && i.live()).toList();
  }
}
