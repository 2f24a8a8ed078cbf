package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays histories recorded from the scenario tests against the current workflow code, so a
 * change that would break releases already running fails the build. A deliberate change must go
 * through Workflow.getVersion; then re-record with -Dimagerelease.recordHistories=true and keep
 * the old files as long as releases recorded with them may still be running.
 */
class ReleaseHistoryReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyRecordedHistoryReplaysOnTheCurrentCode() throws Exception {
    List<Path> histories = recordedHistories();
    assertThat(histories).as("recorded histories under src/test/resources/histories").isNotEmpty();
    return histories.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> replay(load(file), ImageReleaseWorkflowImpl.class)));
  }

  @Test
  void aChangedOrderOfStepsIsCaughtByReplay() throws Exception {
    Path history = recordedHistories().get(0);

    assertThatThrownBy(() -> replay(load(history), SleepsFirst.class))
        .hasStackTraceContaining("NonDeterministic");
  }

  /**
   * A release whose request asks the gate to poll ResultsDB, run by a worker from before the
   * polling fallback: its history has no version marker at the gate, and the current code must
   * not schedule a poller when it replays it (on a worker that took the release over).
   */
  @Test
  void aGateReachedBeforePollingExistedDoesNotPollOnReplay() throws Exception {
    WorkflowExecutionHistory recorded = load(historyNamed("compensated-after-gate-timeout.json", "before-target-queues"));

    replay(withPollingRequested(recorded), ImageReleaseWorkflowImpl.class);
  }

  @Test
  void historiesOfPollingGatesCarryTheVersionMarker() throws Exception {
    WorkflowExecutionHistory recorded = load(historyNamed("released-after-polling-passed.json", "histories"));

    List<String> changeIds =
        recorded.getEvents().stream()
            .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
            .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId").getPayloads(0).getData().toStringUtf8())
            .toList();
    assertThat(changeIds).contains("\"" + ResultsDbPolling.CHANGE_ID + "\"");
  }

  @Test
  void historiesOfRuleGatesCarryTheVersionMarker() throws Exception {
    WorkflowExecutionHistory recorded = load(historyNamed("released-after-sibling-tests-passed.json", "histories"));

    assertThat(changeIdsOf(recorded)).contains("\"" + TestGate.RULES_CHANGE_ID + "\"");
  }

  /**
   * A step that failed beside a running sibling: the sibling was cancelled at once before the
   * grace existed (no marker, no timer), and only after the grace since. Both replay.
   */
  @Test
  void aFailedStepsSiblingsAreCancelledAfterTheGraceOnlyInReleasesThatRecordedIt() throws Exception {
    WorkflowExecutionHistory before = load(historyNamed("failed-on-checksum-mismatch.json", "before-sibling-grace"));
    WorkflowExecutionHistory since = load(historyNamed("failed-on-checksum-mismatch.json", "histories"));

    assertThat(changeIdsOf(before)).doesNotContain("\"" + ParallelSteps.CHANGE_ID + "\"");
    assertThat(before.getEvents()).noneMatch(HistoryEvent::hasTimerStartedEventAttributes);
    assertThat(changeIdsOf(since)).contains("\"" + ParallelSteps.CHANGE_ID + "\"");
    assertThat(since.getEvents()).anyMatch(HistoryEvent::hasTimerStartedEventAttributes);
    replay(before, ImageReleaseWorkflowImpl.class);
    replay(since, ImageReleaseWorkflowImpl.class);
  }

  /**
   * A release run by a worker from before gate rules, whose request carries rules (a newer
   * starter started it): its history has no rules marker, and the current code replays it gating
   * every image on its testcases, as that worker did.
   */
  @Test
  void aReleaseRunWithoutRulesSupportReplaysWithoutApplyingItsRules() throws Exception {
    WorkflowExecutionHistory recorded = load(historyNamed("released-after-tests-passed.json", "histories"));
    assertThat(changeIdsOf(recorded)).doesNotContain("\"" + TestGate.RULES_CHANGE_ID + "\"");

    replay(withRulesRequested(recorded), ImageReleaseWorkflowImpl.class);
  }

  private static List<String> changeIdsOf(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId").getPayloads(0).getData().toStringUtf8())
        .toList();
  }

  /** The same history, as if the release had been started with a gate rule that skips every image. */
  private static WorkflowExecutionHistory withRulesRequested(WorkflowExecutionHistory recorded) throws IOException {
    History.Builder history = recorded.getHistory().toBuilder();
    HistoryEvent.Builder started = history.getEventsBuilder(0);
    Payload.Builder input = started.getWorkflowExecutionStartedEventAttributesBuilder().getInputBuilder().getPayloadsBuilder(0);
    ObjectNode request = (ObjectNode) JSON.readTree(input.getData().toStringUtf8());
    ObjectNode rule = ((ObjectNode) request.get("gate")).putArray("rules").addObject();
    rule.put("name", "skip-everything");
    rule.put("policy", "SKIP");
    input.setData(ByteString.copyFromUtf8(JSON.writeValueAsString(request)));
    return new WorkflowExecutionHistory(history.build(), recorded.getWorkflowExecution().getWorkflowId());
  }

  /** The same history, as if the release had been started with a poll interval in its gate. */
  private static WorkflowExecutionHistory withPollingRequested(WorkflowExecutionHistory recorded) throws IOException {
    History.Builder history = recorded.getHistory().toBuilder();
    HistoryEvent.Builder started = history.getEventsBuilder(0);
    Payload.Builder input = started.getWorkflowExecutionStartedEventAttributesBuilder().getInputBuilder().getPayloadsBuilder(0);
    ObjectNode request = (ObjectNode) JSON.readTree(input.getData().toStringUtf8());
    ((ObjectNode) request.get("gate")).put("pollInterval", 60.0);
    input.setData(ByteString.copyFromUtf8(JSON.writeValueAsString(request)));
    return new WorkflowExecutionHistory(history.build(), recorded.getWorkflowExecution().getWorkflowId());
  }

  @Test
  void aReleaseFromBeforePerTargetQueuesKeepsItsTargetActivitiesOnItsOwnQueue() throws Exception {
    WorkflowExecutionHistory recorded = load(historyNamed("released-after-tests-passed.json", "before-target-queues"));
    String releaseQueue =
        recorded.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getTaskQueue().getName();

    List<String> queues = scheduledActivityQueues(recorded);

    assertThat(queues).isNotEmpty().containsOnly(releaseQueue);
    replay(recorded, ImageReleaseWorkflowImpl.class);
  }

  @Test
  void aCurrentReleaseSchedulesTargetActivitiesOnTheTargetsQueues() throws Exception {
    WorkflowExecutionHistory recorded = load(historyNamed("released-after-tests-passed.json", "histories"));

    assertThat(scheduledActivityQueues(recorded)).contains("image-release.mirror", "image-release.mirror.transfers");
  }

  private static List<String> scheduledActivityQueues(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getTaskQueue().getName())
        .distinct()
        .toList();
  }

  private static Path historyNamed(String name, String folder) throws IOException, URISyntaxException {
    return recordedHistories().stream()
        .filter(f -> f.getFileName().toString().equals(name) && f.getParent().getFileName().toString().equals(folder))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no recorded history " + folder + "/" + name));
  }

  /** A release that would wait before doing anything: incompatible with every recorded history. */
  public static final class SleepsFirst implements ImageReleaseWorkflow {
    @Override
    public ReleaseStatus release(ReleaseRequest request) {
      Workflow.sleep(Duration.ofMinutes(1));
      return null;
    }

    @Override
    public void approvePromotion(Decision decision) {}

    @Override
    public void rejectPromotion(Decision decision) {}

    @Override
    public void testResult(TestResult result) {}

    @Override
    public void cancelRelease(Decision decision) {}

    @Override
    public ReleaseStatus status() {
      return null;
    }
  }

  private static List<Path> recordedHistories() throws IOException, URISyntaxException {
    var directory = ReleaseHistoryReplayTest.class.getResource("/histories");
    if (directory == null) {
      return List.of();
    }
    // Histories of releases run by earlier versions live in subfolders named for the change
    // after which they were recorded; they are kept as long as such releases may be running.
    try (Stream<Path> files = Files.walk(Path.of(directory.toURI()))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** Replays on a worker with the production data converter, as a worker taking the release over would. */
  private static void replay(WorkflowExecutionHistory history, Class<?> workflow) throws Exception {
    try (TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build())) {
      WorkflowReplayer.replayWorkflowExecution(history, env, workflow);
    }
  }

  private static WorkflowExecutionHistory load(Path file) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(file));
  }
}
