package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test gate's ResultsDB polling fallback: results no message brought still decide the gate,
 * merged with those that did; the poller runs only while the gate waits for tests and only when
 * the request asks for it.
 */
// See ImageReleaseWorkflowTest: a hang of the time-skipping server becomes a failure.
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GatePollingTest {
  private static final String POLLING_ACTIVITY = "AwaitTestResults";
  private static final String RAW = FakeCompose.RAW.fileName();
  private static final String VHD = FakeCompose.VHD.fileName();

  private final ReleaseScenario scenario = new ReleaseScenario();

  @AfterEach
  void stopTestServer() {
    scenario.close();
  }

  @Test
  void thePollingFallbackOpensTheGateWhenNoMessageComes() throws Exception {
    scenario.resultsDb.storesForEveryImage("PASSED", 3);
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(scenario.resultsDb.rounds.get()).as("poll rounds until ResultsDB had the results").isEqualTo(3);
    assertThat(scenario.resultsDb.queries)
        .containsExactly(
            new TestQuery(ReleaseScenario.COMPOSE_ID, List.of(ReleaseScenario.TESTCASE), List.of(RAW, VHD), Duration.ofSeconds(5)));
    assertThat(status.images()).extracting(ImageStatus::tests).allSatisfy(tests -> assertThat(tests).containsEntry(ReleaseScenario.TESTCASE, "PASSED"));
    assertThat(status.decisions()).anyMatch(d -> d.contains("ResultsDB polling found compose.cloud_autocloud PASSED for " + RAW));
    assertThat(scenario.events.kinds()).contains(ReleaseEventKind.RELEASE_COMPLETED);
    scenario.recordHistory("released-after-polling-passed");
  }

  @Test
  void aFailureFoundByPollingCompensates() throws Exception {
    scenario.resultsDb.storesForEveryImage("FAILED", 2);
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.TESTS));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(status.lastError()).contains("compose.cloud_autocloud FAILED for " + RAW).contains("openqa.example.test/tests/2");
    assertThat(scenario.targets.existing).as("resources left behind").isEmpty();
    assertThat(scenario.targets.callsStartingWith("replicate")).isEmpty();
    scenario.recordHistory("compensated-after-polling-failed");
  }

  @Test
  void messagesAndPollingTogetherDecideTheGate() throws Exception {
    scenario.events.onEvent =
        event -> {
          if (event.kind() == ReleaseEventKind.IMAGE_UPLOADED && event.images().get(0).ref().imageName().equals(RAW)) {
            scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, RAW, "PASSED", ""));
          }
        };
    scenario.resultsDb.stores(new TestResult(ReleaseScenario.TESTCASE, RAW, "PASSED", ""), 1);
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.TESTS));

    ReleaseStatus waiting = scenario.awaitStage(ReleaseStage.AWAITING_TESTS);
    assertThat(waiting.waiting().what()).contains("1 of 2 images passed").contains("ResultsDB is asked every PT5S");
    // The message for the second image was lost; ResultsDB has its result all the same.
    scenario.resultsDb.stores(new TestResult(ReleaseScenario.TESTCASE, VHD, "PASSED", "https://openqa.example.test/tests/3"), 0);
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.PASSED);
    assertThat(status.decisions()).anyMatch(d -> d.contains("ResultsDB polling found") && d.contains("PASSED for " + VHD));
    scenario.recordHistory("released-after-messages-and-polling");
  }

  @Test
  void aMessageThatDecidesTheGateCancelsThePoller() throws Exception {
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.TESTS));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);
    awaitPollRounds(2);

    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, VHD, "FAILED", "https://openqa.example.test/tests/4"));
    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.FAILED);
    assertThat(eventsOfType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)).as("the poller was told to stop").hasSize(1);
    scenario.recordHistory("compensated-after-message-failed-while-polling");
  }

  @Test
  void theGateTimeoutCancelsThePoller() throws Exception {
    // The test server does not skip time while an activity runs: this gate waits 2 real seconds.
    ReleaseRequest polling = ReleaseScenario.pollingRequest(GatePolicy.TESTS);
    GateSettings shortGate = new GateSettings(GatePolicy.TESTS, Duration.ofSeconds(2), polling.gate().requiredTestcases(), Duration.ofSeconds(1));
    scenario.start(new ReleaseRequest(polling.compose(), shortGate, polling.timeouts(), polling.requestedBy()));

    ReleaseStatus status = scenario.result();

    assertThat(status.stage()).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(status.gateOutcome()).isEqualTo(GateOutcome.TIMED_OUT);
    assertThat(scenario.resultsDb.rounds.get()).isPositive();
    assertThat(eventsOfType(EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)).hasSize(1);
  }

  @Test
  void aPollerThatCannotReachResultsDbLeavesTheGateToMessages() throws Exception {
    scenario.resultsDb.failure =
        ApplicationFailure.newNonRetryableFailure(
            "ResultsDB at https://resultsdb.example.test/api/v2.0 answered 404", ReleaseFailureTypes.CONFIGURATION);
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.TESTS));
    ReleaseStatus waiting = awaitDecision("ResultsDB polling stopped");
    assertThat(waiting.stage()).isEqualTo(ReleaseStage.AWAITING_TESTS);
    assertThat(waiting.waiting().what()).contains("ResultsDB polling stopped (ConfigurationError: ResultsDB at");

    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, RAW, "PASSED", ""));
    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, VHD, "PASSED", ""));

    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(scenario.resultsDb.queries).as("not retried").hasSize(1);
  }

  @Test
  void withoutAPollIntervalNoPollerIsScheduled() throws Exception {
    scenario.start(ReleaseScenario.request(GatePolicy.TESTS));
    scenario.awaitStage(ReleaseStage.AWAITING_TESTS);

    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, RAW, "PASSED", ""));
    scenario.signals().testResult(new TestResult(ReleaseScenario.TESTCASE, VHD, "PASSED", ""));

    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(scenario.resultsDb.queries).isEmpty();
    assertThat(eventsOfType(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED))
        .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .doesNotContain(POLLING_ACTIVITY);
    assertThat(eventsOfType(EventType.EVENT_TYPE_MARKER_RECORDED))
        .extracting(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId").getPayloads(0).getData().toStringUtf8())
        .as("no polling version marker")
        .doesNotContain("\"" + ResultsDbPolling.CHANGE_ID + "\"");
  }

  @Test
  void resultsThatArrivedBeforeTheGateMeanNoPoller() throws Exception {
    scenario.testSystemReports("PASSED");
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.TESTS));

    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(scenario.resultsDb.queries).isEmpty();
  }

  @Test
  void theApprovalStageDoesNotPoll() throws Exception {
    scenario.start(ReleaseScenario.pollingRequest(GatePolicy.APPROVAL));
    scenario.awaitStage(ReleaseStage.AWAITING_APPROVAL);

    scenario.signals().approvePromotion(new Decision("alice", "looks good"));

    assertThat(scenario.result().stage()).isEqualTo(ReleaseStage.RELEASED);
    assertThat(scenario.resultsDb.queries).isEmpty();
  }

  private void awaitPollRounds(int rounds) throws InterruptedException {
    for (int i = 0; i < 500 && scenario.resultsDb.rounds.get() < rounds; i++) {
      Thread.sleep(10);
    }
    assertThat(scenario.resultsDb.rounds.get()).as("poll rounds").isGreaterThanOrEqualTo(rounds);
  }

  private ReleaseStatus awaitDecision(String text) throws InterruptedException {
    ReleaseStatus status = scenario.signals().status();
    for (int i = 0; i < 500 && status.decisions().stream().noneMatch(d -> d.contains(text)); i++) {
      Thread.sleep(20);
      status = scenario.signals().status();
    }
    assertThat(status.decisions()).anyMatch(d -> d.contains(text));
    return status;
  }

  private List<HistoryEvent> eventsOfType(EventType type) {
    return scenario.client.fetchHistory(ReleaseIds.workflowId(ReleaseScenario.COMPOSE_ID)).getEvents().stream()
        .filter(e -> e.getEventType() == type)
        .toList();
  }
}
