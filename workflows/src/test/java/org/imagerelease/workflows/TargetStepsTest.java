package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a release reaches its targets: on their own task queues, waiting for them on timers. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TargetStepsTest {
  private final ReleaseScenario scenario = new ReleaseScenario();

  @AfterEach
  void stopTestServer() {
    scenario.close();
  }

  @Test
  void targetActivitiesRunOnTheirTargetsOwnQueuesAndTransfersOnASeparateOne() {
    scenario.compose.targetOf = image -> image == FakeCompose.RAW ? "aws" : "mirror";
    scenario.start(ReleaseScenario.request(GatePolicy.NONE));

    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
    // The release's own worker has no target activities at all: everything ran on these.
    assertThat(scenario.targets.taskQueues)
        .containsExactlyInAnyOrder(
            "image-release.aws", "image-release.aws.transfers", "image-release.mirror", "image-release.mirror.transfers");
  }

  @Test
  void anImageItsTargetIsStillPreparingIsAwaitedAndReportedMeanwhile() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.pendingLooks.set(3);
    scenario.start(ReleaseScenario.request(GatePolicy.NONE));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(scenario.targets.callsStartingWith("check")).as("asked until ready").hasSize(3);
    assertThat(scenario.targets.callsStartingWith("upload")).as("the upload itself ran once").hasSize(1);
    assertThat(scenario.targets.pendingSeen).containsOnly("snapshot completing");
    assertThat(status.images().get(0).locations()).extracting(LocationStatus::state).containsOnly(LocationState.PUBLISHED);
    scenario.recordHistory("released-after-waiting-for-the-target");
  }

  @Test
  void theStatusSaysWhatTheTargetIsStillDoing() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.pendingLooks.set(Integer.MAX_VALUE);
    scenario.start(ReleaseScenario.request(GatePolicy.NONE));

    ReleaseStatus status = scenario.awaitStage(ReleaseStage.UPLOADING);
    for (int i = 0; i < 200 && status.images().get(0).locations().get(0).detail().isEmpty(); i++) {
      Thread.sleep(20);
      status = scenario.signals().status();
    }

    LocationStatus primary = status.images().get(0).locations().get(0);
    assertThat(primary.state()).isEqualTo(LocationState.UPLOADING);
    assertThat(primary.detail()).isEqualTo("snapshot completing");
  }
}
