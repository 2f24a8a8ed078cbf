package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.RegionFailurePolicy.OnFailure;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One replica location that keeps failing never sinks the locations that worked. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RegionFailureTest {
  private static final RegionFailurePolicy SKIP_AFTER_10_MINUTES = new RegionFailurePolicy(OnFailure.SKIP_REGION, Duration.ofMinutes(10));
  private final ReleaseScenario scenario = new ReleaseScenario();

  @AfterEach
  void stopTestServer() {
    scenario.close();
  }

  @Test
  void aReplicaThatKeepsFailingIsRetriedThenSkippedAndTheReleaseEndsReleased() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.failReplicasAt = "replica";
    scenario.start(ReleaseScenario.request(GatePolicy.NONE, SKIP_AFTER_10_MINUTES));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    LocationStatus replica = location(status, "replica");
    assertThat(replica.state()).isEqualTo(LocationState.SKIPPED);
    assertThat(replica.detail()).contains("skipped after").contains("503 Service Unavailable");
    assertThat(location(status, "primary").state()).isEqualTo(LocationState.PUBLISHED);
    assertThat(scenario.targets.callsStartingWith("replicate").size())
        .as("the region was tried again within its budget, beyond the step's own retries")
        .isGreaterThan(10);
    assertThat(scenario.targets.existing).as("the failed copy was withdrawn").containsExactly("mirror/primary/" + FakeCompose.RAW.fileName());
    assertThat(scenario.targets.publicImages).containsExactly("mirror/primary/" + FakeCompose.RAW.fileName());
    assertThat(status.decisions()).anyMatch(d -> d.contains("at replica skipped after") && d.contains("skip-region"));
    ReleaseEvent completed = scenario.events.last(ReleaseEventKind.RELEASE_COMPLETED);
    assertThat(completed.detail()).contains("1 skipped by the region failure policy");
    scenario.recordHistory("released-with-a-region-skipped");
  }

  @Test
  void aPermanentFailureSkipsTheReplicaWithoutWaitingOutTheBudget() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.failReplicasAt = "replica";
    scenario.targets.replicaFailsForGood = true;
    scenario.start(ReleaseScenario.request(GatePolicy.NONE, SKIP_AFTER_10_MINUTES));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(location(status, "replica").detail()).contains("skipped after 1 try").contains("ChecksumMismatch");
    assertThat(scenario.targets.callsStartingWith("replicate")).hasSize(1);
  }

  @Test
  void failReleaseUndoesEverythingWhenAReplicaKeepsFailing() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.failReplicasAt = "replica";
    scenario.start(ReleaseScenario.request(GatePolicy.NONE, new RegionFailurePolicy(OnFailure.FAIL_RELEASE, Duration.ZERO)));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(status.lastError()).contains("at replica").contains("503 Service Unavailable");
    assertThat(scenario.targets.existing).as("nothing left anywhere").isEmpty();
    assertThat(scenario.targets.publicImages).isEmpty();
  }

  /** A publish that fails at one location beside one that completes: under fail-release the completed one is undone too. */
  @Test
  void underFailReleaseAPublishThatFailsBesideOneThatCompletedUndoesBoth() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.failPublishAt = "replica";
    scenario.start(ReleaseScenario.request(GatePolicy.NONE, new RegionFailurePolicy(OnFailure.FAIL_RELEASE, Duration.ZERO)));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(status.lastError()).contains("RequestLimitExceeded");
    assertThat(scenario.targets.publicImages).as("the primary's publish was undone").isEmpty();
    assertThat(scenario.targets.existing).as("nothing left anywhere").isEmpty();
  }

  @Test
  void aReplicaThatCannotBePublishedIsSkippedAndTakenDownWhileThePrimaryIsReleased() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.failPublishAt = "replica";
    scenario.start(ReleaseScenario.request(GatePolicy.NONE, new RegionFailurePolicy(OnFailure.SKIP_REGION, Duration.ZERO)));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(location(status, "replica").state()).isEqualTo(LocationState.SKIPPED);
    assertThat(location(status, "replica").detail()).contains("RequestLimitExceeded");
    assertThat(scenario.targets.existing).containsExactly("mirror/primary/" + FakeCompose.RAW.fileName());
    assertThat(scenario.events.last(ReleaseEventKind.IMAGE_PUBLISHED).images())
        .as("the published message lists only where the image is public")
        .extracting(i -> i.ref().location())
        .containsExactly("primary");
  }

  @Test
  void aPrimaryThatCannotBePublishedFailsTheRelease() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.failPublishAt = "primary";
    scenario.start(ReleaseScenario.request(GatePolicy.NONE, SKIP_AFTER_10_MINUTES));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(scenario.targets.existing).isEmpty();
  }

  private static LocationStatus location(ReleaseStatus status, String name) {
    return status.images().stream()
        .flatMap(i -> i.locations().stream())
        .filter(l -> l.location().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no location " + name + " in " + status.images().stream().map(ImageStatus::locations).toList()));
  }
}
