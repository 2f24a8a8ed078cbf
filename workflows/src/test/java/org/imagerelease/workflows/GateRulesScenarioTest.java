package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateRule;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releases gated by rules, as Fedora's compose calls for: openQA tests only the Cloud_Base qcow2,
 * the AMI and the Azure image carry the same bits, so their gate waits for the qcow2's result.
 */
class GateRulesScenarioTest {
  private static final String TESTCASE = ReleaseScenario.TESTCASE;
  static final GateRule TESTED_QCOW2 =
      new GateRule("openqa-tested-qcow2", List.of(), List.of("Cloud_Base"), List.of("qcow2"), List.of("qcow2"), List.of("x86_64"), List.of(),
          ImageGatePolicy.TESTS, List.of(TESTCASE), List.of(), List.of(), List.of());
  static final GateRule SAME_BITS_AS_THE_QCOW2 =
      new GateRule("same-bits-as-the-qcow2", List.of(), List.of("Cloud_Base"), List.of("raw-xz"), List.of(), List.of("x86_64"), List.of(),
          ImageGatePolicy.TESTS, List.of(), List.of(TESTCASE), List.of("qcow2"), List.of("qcow2"));

  private ReleaseScenario scenario;

  @BeforeEach
  void startTestServer() {
    scenario = new ReleaseScenario();
    scenario.compose.composeImages = List.of(FakeCompose.RAW, FakeCompose.VHD, FakeCompose.QCOW2);
  }

  @AfterEach
  void stopTestServer() {
    scenario.close();
  }

  @Test
  void anAmiIsReleasedOnThePassingResultOfTheTestedQcow2OfItsCompose() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.start(request(ImageGatePolicy.APPROVAL, TESTED_QCOW2, SAME_BITS_AS_THE_QCOW2));
    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_TESTS);
    assertThat(waiting.waiting().what()).contains(TESTCASE).contains("0 of 1 images passed");

    scenario.signals().testResult(new TestResult(TESTCASE, FakeCompose.RAW.fileName(), "PASSED", ""));
    assertThat(scenario.awaitStage(ReleaseStage.AWAITING_TESTS).waiting().what()).as("its own result does not count").contains("0 of 1");
    scenario.signals().testResult(new TestResult(TESTCASE, FakeCompose.QCOW2.fileName(), "PASSED", "https://openqa.example.test/tests/7"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(status.images()).singleElement().extracting(ImageStatus::tests)
        .satisfies(tests -> assertThat(tests).containsEntry(TESTCASE + " of " + FakeCompose.QCOW2.fileName(), "PASSED"));
    scenario.recordHistory("released-after-sibling-tests-passed");
  }

  @Test
  void aFailedResultOfTheSiblingClosesTheGate() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.start(request(ImageGatePolicy.APPROVAL, TESTED_QCOW2, SAME_BITS_AS_THE_QCOW2));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);

    scenario.signals().testResult(new TestResult(TESTCASE, FakeCompose.QCOW2.fileName(), "FAILED", "https://openqa.example.test/tests/8"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(status.lastError()).contains(TESTCASE + " FAILED for " + FakeCompose.QCOW2.fileName());
  }

  /** The Azure image no rule covers: the policy for uncovered images, approval, asks a person once the tests passed. */
  @Test
  void anImageNoRuleCoversWaitsForAPersonOnceTheTestsPassed() throws Exception {
    scenario.start(request(ImageGatePolicy.APPROVAL, TESTED_QCOW2, SAME_BITS_AS_THE_QCOW2));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);

    scenario.signals().testResult(new TestResult(TESTCASE, FakeCompose.QCOW2.fileName(), "PASSED", ""));
    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_APPROVAL);
    assertThat(waiting.waiting().what()).contains("nothing tests").contains(FakeCompose.VHD.fileName());
    scenario.signals().approvePromotion(new Decision("alice", "the Azure image boots, checked by hand"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.APPROVED);
    scenario.recordHistory("released-after-rule-tests-and-approval");
  }

  /** Policy none means an open gate, whatever the rules would have each image wait for. */
  @Test
  void policyNoneOpensTheGateAtOnceEvenForImagesTheRulesLeaveToAPerson() throws Exception {
    ReleaseRequest rules = request(ImageGatePolicy.APPROVAL, TESTED_QCOW2, SAME_BITS_AS_THE_QCOW2);
    scenario.start(
        new ReleaseRequest(
            rules.compose(), GateSettings.withRules(GatePolicy.NONE, Duration.ofHours(12), rules.gate().rules(), ImageGatePolicy.APPROVAL),
            rules.timeouts(), rules.requestedBy()));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.SKIPPED);
  }

  @Test
  void anImageItsRuleSkipsIsNeverUploaded() throws Exception {
    GateRule skipAzure =
        new GateRule("no-azure", List.of(), List.of(), List.of("vhd-compressed"), List.of(), List.of(), List.of(),
            ImageGatePolicy.SKIP, List.of(), List.of(), List.of(), List.of());
    scenario.start(request(ImageGatePolicy.APPROVAL, TESTED_QCOW2, SAME_BITS_AS_THE_QCOW2, skipAzure));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);

    scenario.signals().testResult(new TestResult(TESTCASE, FakeCompose.QCOW2.fileName(), "PASSED", ""));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.images()).extracting(ImageStatus::imageName).containsExactly(FakeCompose.RAW.fileName());
    assertThat(scenario.targets.publicImages).noneMatch(image -> image.contains("Azure"));
    assertThat(status.decisions()).anyMatch(decision -> decision.contains("skipped mirror:" + FakeCompose.VHD.fileName()) && decision.contains("no-azure"));
  }

  /** The compose lacks the qcow2 the rule counts on: the rule cannot pass, so the uncovered policy applies, never a wait without end. */
  @Test
  void aSiblingMissingFromTheComposeFallsToTheUncoveredPolicy() throws Exception {
    scenario.compose.images = List.of(FakeCompose.RAW);
    scenario.compose.composeImages = List.of(FakeCompose.RAW, FakeCompose.VHD);
    scenario.start(request(ImageGatePolicy.RELEASE_UNTESTED, TESTED_QCOW2, SAME_BITS_AS_THE_QCOW2));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(status.decisions()).anyMatch(decision -> decision.contains("no image waits for test results"));
  }

  private static ReleaseRequest request(ImageGatePolicy uncovered, GateRule... rules) {
    ReleaseRequest plain = ReleaseScenario.request(GatePolicy.TESTS);
    return new ReleaseRequest(
        plain.compose(), GateSettings.withRules(GatePolicy.TESTS, Duration.ofHours(12), List.of(rules), uncovered), plain.timeouts(), plain.requestedBy());
  }
}
