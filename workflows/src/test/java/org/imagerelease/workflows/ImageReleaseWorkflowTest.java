package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import java.util.List;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import java.util.concurrent.TimeUnit;

// The time-skipping test server hangs instead of failing when a workflow cancels an activity
// that completes in the same workflow task (sdk-java#2391); a timeout turns that into a failure.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ImageReleaseWorkflowTest {
  private final ReleaseScenario scenario = new ReleaseScenario();

  @AfterEach
  void stopTestServer() {
    scenario.close();
  }

  @Test
  void releasePublishesEveryImageAtEveryLocationWhenTestsPass() throws Exception {
    scenario.testSystemReports("PASSED");
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(status.images()).hasSize(2);
    for (ImageStatus image : status.images()) {
      assertThat(image.locations()).extracting(LocationStatus::location).containsExactly("primary", "replica");
      assertThat(image.locations()).extracting(LocationStatus::state).containsOnly(LocationState.PUBLISHED);
      assertThat(image.tests()).containsEntry(ReleaseScenario.TESTCASE, "PASSED");
    }
    assertThat(scenario.targets.publicImages).hasSize(4);
    assertThat(scenario.targets.callsStartingWith("withdraw")).isEmpty();
    assertThat(scenario.targets.callsStartingWith("cleanup")).hasSize(1);
    assertThat(scenario.events.kinds())
        .containsSubsequence(ReleaseEventKind.IMAGE_UPLOADED, ReleaseEventKind.IMAGE_PUBLISHED, ReleaseEventKind.RELEASE_COMPLETED)
        .doesNotContain(ReleaseEventKind.RELEASE_FAILED);
    assertThat(status.lastError()).isEmpty();
    scenario.recordHistory("released-after-tests-passed");
  }

  @Test
  void releaseCompensatesWhenTestsFail() throws Exception {
    scenario.testSystemReports("FAILED");
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(status.lastError()).contains("compose.cloud_autocloud FAILED for").contains("openqa.example.test");
    assertNothingLeftBehind(status);
    assertThat(scenario.targets.callsStartingWith("replicate")).isEmpty();
    assertThat(scenario.events.kinds()).contains(ReleaseEventKind.RELEASE_FAILED).doesNotContain(ReleaseEventKind.IMAGE_PUBLISHED);
    scenario.recordHistory("compensated-after-tests-failed");
  }

  @Test
  void releaseCompensatesWhenGateTimesOut() throws Exception {
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.TIMED_OUT);
    assertThat(status.lastError()).contains("timed out after PT12H waiting for test results");
    assertNothingLeftBehind(status);
    scenario.recordHistory("compensated-after-gate-timeout");
  }

  @Test
  void aPersonsApprovalOpensTheGate() throws Exception {
    scenario.start(ReleaseScenario.request(GatePolicy.APPROVAL));

    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_APPROVAL);
    assertThat(waiting.waiting().what()).contains("approvePromotion");
    assertThat(waiting.waiting().since()).isNotNull();
    scenario.signals().approvePromotion(new Decision("alice", "openQA results reviewed"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.APPROVED);
    assertThat(status.decisions()).anyMatch(d -> d.contains("approved by alice: openQA results reviewed"));
    scenario.recordHistory("released-after-approval");
  }

  @Test
  void testsAndApprovalNeedsBothInThatOrder() throws Exception {
    scenario.testSystemReports("PASSED");
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS_AND_APPROVAL));

    scenario.awaitStage(ReleaseStage.AWAITING_APPROVAL);
    scenario.signals().approvePromotion(new Decision("bob", "tests green"));

    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
  }

  @Test
  void aRejectionCompensates() throws Exception {
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_TESTS);
    assertThat(waiting.waiting().what()).contains("compose.cloud_autocloud: 0 of 2 images passed");
    scenario.signals().rejectPromotion(new Decision("carol", "kernel regression"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.REJECTED);
    assertThat(status.lastError()).isEqualTo("rejected by carol: kernel regression");
    assertNothingLeftBehind(status);
  }

  @Test
  void cancellingMidUploadStopsTheTransferAndCleansUp() throws Exception {
    scenario.targets.holdAllUploads();
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    scenario.targets.uploadHeld.await();
    scenario.signals().cancelRelease(new Decision("dave", "wrong compose"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.CANCELLED);
    assertThat(scenario.targets.uploadSawCancel).as("the running upload was told to stop").isTrue();
    assertThat(scenario.targets.callsStartingWith("withdraw")).hasSize(2);
    assertThat(scenario.targets.callsStartingWith("cleanup")).hasSize(1);
    assertThat(status.decisions()).anyMatch(d -> d.contains("cancelled by dave: wrong compose"));
    assertThat(scenario.events.kinds()).containsExactly(ReleaseEventKind.RELEASE_FAILED);
    scenario.recordHistory("cancelled-mid-upload");
  }

  @Test
  void aTemporalCancelRequestAlsoCompensates() throws Exception {
    scenario.targets.holdAllUploads();
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    scenario.targets.uploadHeld.await();
    WorkflowStub.fromTyped(scenario.signals()).cancel();

    // Temporal records the run as cancelled; the status query still tells what was undone.
    assertThatThrownBy(() -> scenario.result()).isInstanceOf(WorkflowFailedException.class).hasCauseInstanceOf(CanceledFailure.class);
    ReleaseStatus status = scenario.signals().status();
    assertThat(status.stage()).isEqualTo(ReleaseStage.CANCELLED);
    assertThat(scenario.targets.callsStartingWith("withdraw")).hasSize(2);
  }

  @Test
  void anUploadFailingTwiceThenSucceedingCreatesItsImageOnce() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.targets.transientUploadFailures.set(2);
    scenario.testSystemReports("PASSED");
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(scenario.targets.callsStartingWith("upload")).hasSize(3);
    assertThat(scenario.targets.uploadInputs).as("every attempt names the same image at the same place").containsOnly(scenario.targets.uploadInputs.get(0));
    assertThat(scenario.targets.creations).allSatisfy((resource, count) -> assertThat(count.get()).as(resource).isEqualTo(1));
    scenario.recordHistory("released-after-upload-retries");
  }

  @Test
  void aChecksumMismatchFailsTheReleaseAndStopsTheSiblingUpload() throws Exception {
    scenario.targets.failUploadOf = FakeCompose.VHD.fileName();
    scenario.targets.holdUploadsOf.add(FakeCompose.RAW.fileName());
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(scenario.targets.uploadSawCancel).as("the sibling upload was stopped").isTrue();
    assertThat(status.lastError())
        .contains("mirror:" + FakeCompose.VHD.fileName() + " at primary")
        .contains("ChecksumMismatch");
    assertThat(scenario.targets.callsStartingWith("upload")).as("not retried").hasSize(2);
    assertNothingLeftBehind(status);
    scenario.recordHistory("failed-on-checksum-mismatch");
  }

  @Test
  void resultsForOtherImagesDoNotOpenTheGate() throws Exception {
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);

    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, "Fedora-Cloud-Base-Generic-42.x86_64.qcow2", "PASSED", ""));
    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, FakeCompose.RAW.fileName(), "PASSED", ""));
    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, FakeCompose.VHD.fileName(), "NEEDS_INSPECTION", ""));
    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_TESTS);
    assertThat(waiting.waiting().what()).contains("1 of 2 images passed");

    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, FakeCompose.VHD.fileName(), "PASSED", ""));
    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
  }

  @Test
  void eachImageMustPassTheTestcasesOfItsTarget() throws Exception {
    scenario.compose.targetOf = image -> image == FakeCompose.RAW ? "aws" : "mirror";
    var request = ReleaseScenario.request(GatePolicy.TESTS);
    scenario.start(
        new org.imagerelease.workflows.model.ReleaseRequest(
            request.compose(),
            request.gate().withTestcasesByTarget(java.util.Map.of("aws", List.of("compose.cloud_aws_smoke"))),
            request.timeouts(),
            request.requestedBy()));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);

    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, FakeCompose.RAW.fileName(), "PASSED", ""));
    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, FakeCompose.VHD.fileName(), "PASSED", ""));
    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_TESTS);
    assertThat(waiting.waiting().what())
        .as("the AMI needs the aws smoke test, not the default testcase")
        .contains("compose.cloud_aws_smoke")
        .contains("1 of 2 images passed");

    scenario.signals().testResult(new TestResult("compose.cloud_aws_smoke", FakeCompose.RAW.fileName(), "PASSED", ""));
    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
  }

  @Test
  void stageIsKeptInTheSearchAttribute() throws Exception {
    scenario.start(ReleaseScenario.request(GatePolicy.APPROVAL));
    scenario.awaitStage(ReleaseStage.AWAITING_APPROVAL);

    var attributes = WorkflowStub.fromTyped(scenario.signals()).describe().getTypedSearchAttributes();

    assertThat(attributes.get(ReleaseSearchAttributes.RELEASE_STAGE)).isEqualTo("AWAITING_APPROVAL");
    assertThat(attributes.get(ReleaseSearchAttributes.COMPOSE_ID)).isEqualTo(ReleaseScenario.COMPOSE_ID);
  }

  @Test
  void aComposeWithNothingToReleaseEndsReleasedWithoutSteps() {
    scenario.compose.images = List.of();
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.images()).isEmpty();
    assertThat(scenario.targets.calls).isEmpty();
  }

  private void assertNothingLeftBehind(ReleaseStatus status) {
    assertThat(scenario.targets.existing).as("resources left behind").isEmpty();
    assertThat(scenario.targets.publicImages).as("images left public").isEmpty();
    assertThat(scenario.targets.callsStartingWith("cleanup")).hasSize(1);
    assertThat(status.leftovers()).isEmpty();
    assertThat(status.images())
        .flatExtracting(ImageStatus::locations)
        .extracting(LocationStatus::state)
        .doesNotContain(LocationState.UPLOADED, LocationState.REPLICATED, LocationState.PUBLISHED);
  }

}
