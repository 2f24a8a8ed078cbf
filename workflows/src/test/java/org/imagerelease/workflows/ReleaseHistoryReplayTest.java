package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.common.WorkflowExecutionHistory;
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

  @TestFactory
  Stream<DynamicTest> everyRecordedHistoryReplaysOnTheCurrentCode() throws Exception {
    List<Path> histories = recordedHistories();
    assertThat(histories).as("recorded histories under src/test/resources/histories").isNotEmpty();
    return histories.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> WorkflowReplayer.replayWorkflowExecution(load(file), ImageReleaseWorkflowImpl.class)));
  }

  @Test
  void aChangedOrderOfStepsIsCaughtByReplay() throws Exception {
    Path history = recordedHistories().get(0);

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(load(history), SleepsFirst.class))
        .hasStackTraceContaining("NonDeterministic");
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
    try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static WorkflowExecutionHistory load(Path file) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(file));
  }
}
