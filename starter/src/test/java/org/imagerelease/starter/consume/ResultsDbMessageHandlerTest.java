package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.starter.consume.ResultsDbMessages.LEGACY_TOPIC;
import static org.imagerelease.starter.consume.ResultsDbMessages.TESTCASE;
import static org.imagerelease.starter.consume.ResultsDbMessages.legacyResult;
import static org.imagerelease.starter.consume.ResultsDbMessages.message;
import static org.imagerelease.starter.consume.ResultsDbMessages.result;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.workflows.ComposeActivities;
import org.imagerelease.workflows.EventActivities;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.TargetQueues;
import org.imagerelease.workflows.ImageReleaseWorkflowImpl;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.workflows.TargetActivities;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleasePlan;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.ReplicateRequest;
import org.imagerelease.workflows.model.UploadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two releases wait at their gates, each for its own compose's image; ResultsDB messages arrive
 * as the bus delivers them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ResultsDbMessageHandlerTest {
  private static final String COMPOSE_A = "Fedora-42-20261124.n.0";
  private static final String COMPOSE_B = "Fedora-42-20261125.n.0";

  private TestWorkflowEnvironment temporal;
  private ReleaseClient releases;
  private ResultsDbMessageHandler handler;

  @BeforeEach
  void startTwoReleasesAtTheirGates() throws Exception {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setUseTimeskipping(false)
            .setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build());
    ReleaseSearchAttributes.ALL.forEach(
        key -> options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    temporal = TestWorkflowEnvironment.newInstance(options.build());
    Worker worker = temporal.newWorker(ImageReleaseWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ImageReleaseWorkflowImpl.class);
    worker.registerActivitiesImplementations(new OneImagePerCompose(), new NoEvents());
    InstantTarget target = new InstantTarget();
    temporal.newWorker(TargetQueues.calls(ImageReleaseWorkflow.TASK_QUEUE, "mirror")).registerActivitiesImplementations(target);
    temporal.newWorker(TargetQueues.transfers(ImageReleaseWorkflow.TASK_QUEUE, "mirror")).registerActivitiesImplementations(target);
    temporal.start();
    releases = new ReleaseClient(temporal.getWorkflowClient(), ImageReleaseWorkflow.TASK_QUEUE);
    handler = new ResultsDbMessageHandler(releases, List.of(TESTCASE));
    for (String composeId : List.of(COMPOSE_A, COMPOSE_B)) {
      releases.start(
          new ReleaseRequest(
              new ComposeRef(composeId, "https://kojipkgs.example.test/compose/" + composeId),
              new GateSettings(GatePolicy.TESTS, Duration.ofHours(12), List.of(TESTCASE)),
              null,
              "handler test"),
          false);
    }
    awaitStage(COMPOSE_A, ReleaseStage.AWAITING_TESTS);
    awaitStage(COMPOSE_B, ReleaseStage.AWAITING_TESTS);
  }

  @AfterEach
  void stopTemporal() {
    temporal.close();
  }

  @Test
  void aResultsDbMessageOpensTheGateOfItsReleaseAndNoOther() throws Exception {
    HandlingOutcome outcome = handler.handle(message(result(TESTCASE, imageOf(COMPOSE_A), COMPOSE_A, "PASSED")));

    assertThat(outcome).isEqualTo(HandlingOutcome.ACK);
    ReleaseStatus released = awaitStage(COMPOSE_A, ReleaseStage.RELEASED);
    assertThat(released.images().get(0).tests()).containsEntry(TESTCASE, "PASSED");
    ReleaseStatus other = releases.status(COMPOSE_B);
    assertThat(other.stage()).isEqualTo(ReleaseStage.AWAITING_TESTS);
    assertThat(other.images().get(0).tests()).isEmpty();
  }

  @Test
  void aResultForAComposeWithoutARunningReleaseIsAcknowledged() throws Exception {
    assertThat(handler.handle(message(result(TESTCASE, "Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2", "Fedora-41-20241027.0", "PASSED"))))
        .isEqualTo(HandlingOutcome.ACK);

    handler.handle(message(result(TESTCASE, imageOf(COMPOSE_A), COMPOSE_A, "PASSED")));
    awaitStage(COMPOSE_A, ReleaseStage.RELEASED);
    assertThat(handler.handle(message(result(TESTCASE, imageOf(COMPOSE_A), COMPOSE_A, "FAILED"))))
        .as("a late result for an ended release")
        .isEqualTo(HandlingOutcome.ACK);
  }

  @Test
  void aLegacyMessageReachesTheReleaseWaitingForItsImage() throws Exception {
    HandlingOutcome outcome = handler.handle(message(LEGACY_TOPIC, legacyResult(TESTCASE, imageOf(COMPOSE_B), "PASSED")));

    assertThat(outcome).isEqualTo(HandlingOutcome.ACK);
    awaitStage(COMPOSE_B, ReleaseStage.RELEASED);
    assertThat(releases.status(COMPOSE_A).stage()).isEqualTo(ReleaseStage.AWAITING_TESTS);
  }

  /** The image the compose has, named as Pungi names nightly cloud images. */
  private static String imageOf(String composeId) {
    String date = composeId.substring("Fedora-42-".length());
    return "Fedora-Cloud-Base-Generic-42-" + date + ".x86_64.qcow2";
  }

  private ReleaseStatus awaitStage(String composeId, ReleaseStage stage) throws InterruptedException {
    ReleaseStatus status = releases.status(composeId);
    for (int i = 0; i < 600 && status.stage() != stage; i++) {
      Thread.sleep(50);
      status = releases.status(composeId);
    }
    assertThat(status.stage()).as("stage of %s", composeId).isEqualTo(stage);
    return status;
  }

  /** Every compose has one cloud image, released to the mirror's primary root only. */
  static final class OneImagePerCompose implements ComposeActivities {
    @Override
    public ReleasePlan resolvePlan(ComposeRef compose) {
      String fileName = imageOf(compose.composeId());
      ImageArtifact image =
          new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "qcow2", "qcow2", "Cloud/x86_64/images/" + fileName, 1000, "a".repeat(64));
      return new ReleasePlan(compose, List.of(new PlannedImage("mirror", image, "primary", List.of())));
    }
  }

  /** A target where every step succeeds at once. */
  static final class InstantTarget implements TargetActivities {
    @Override
    public LocationImage checkImage(LocationImage image) {
      return image.asReady();
    }

    @Override
    public LocationImage uploadImage(UploadRequest request) {
      return made(request.destination());
    }

    @Override
    public LocationImage replicateImage(ReplicateRequest request) {
      return made(request.destination());
    }

    @Override
    public LocationImage publishImage(LocationImage image) {
      return image;
    }

    @Override
    public void unpublishImage(ImageAtLocation image) {}

    @Override
    public void withdrawImage(ImageAtLocation image) {}

    @Override
    public void cleanUpTemporaries(CleanupRequest request) {}

    private static LocationImage made(ImageAtLocation ref) {
      return new LocationImage(ref, "mirror/" + ref.imageName(), "", Map.of());
    }
  }

  static final class NoEvents implements EventActivities {
    @Override
    public void publishEvent(ReleaseEvent event) {}
  }
}
