package org.imagerelease.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;
import org.slf4j.Logger;

/**
 * The test gate's fallback for lost test result messages: while the gate waits for tests, one
 * activity asks ResultsDB and returns once the results decide the gate. They are recorded like
 * signalled results, so the poller's completion itself opens or closes the gate, and the gate
 * cancels the poller only when something else decided while it still runs (cancelling an
 * activity in the workflow task it completes in is what hangs the time-skipping test server,
 * sdk-java#2391; the normal paths never do that).
 */
final class ResultsDbPolling {
  /**
   * The {@link Workflow#getVersion} change id of the polling fallback. A release whose history
   * reached the gate without this marker was run by a worker that could not poll, so it never
   * polls, even when its request asks for it.
   */
  static final String CHANGE_ID = "test-gate-polls-resultsdb";

  /** The version of {@link #CHANGE_ID} from which a gate polls. */
  static final int POLLS = 1;

  private static final Logger log = Workflow.getLogger(ResultsDbPolling.class);

  private final ActivityStubs activities;
  private final String composeId;
  private final ReleaseTracker tracker;
  private CancellationScope scope;
  private boolean running;
  private String state = "";

  ResultsDbPolling(ActivityStubs activities, String composeId, ReleaseTracker tracker) {
    this.activities = activities;
    this.composeId = composeId;
    this.tracker = tracker;
  }

  /** Starts the poller when the gate asks for it; its results go to {@code record}. */
  void start(GateSettings settings, RequiredTests required, Consumer<TestResult> record) {
    if (!settings.pollsResultsDb()
        || !required.awaitsResults()
        || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, POLLS) == Workflow.DEFAULT_VERSION) {
      return;
    }
    // Asked per item (an image's own file name, or its sibling's), with per-item lists only when
    // items differ, so a query keeps the shape it had before targets and rules.
    Map<String, List<String>> byItem = required.testcasesByItem();
    TestQuery query =
        new TestQuery(
            composeId,
            required.allTestcases(),
            List.copyOf(byItem.keySet()),
            settings.pollInterval(),
            byItem.values().stream().distinct().count() > 1 ? byItem : Map.of());
    TestResultActivities resultsDb = activities.polling(settings);
    running = true;
    state = "; ResultsDB is asked every " + settings.pollInterval();
    scope = Workflow.newCancellationScope(() -> Async.procedure(() -> poll(resultsDb, query, record)));
    scope.run();
  }

  /** Cancels the poller if it still runs: the gate decided without it. */
  void stop(String reason) {
    if (running) {
      running = false;
      state = "";
      scope.cancel(reason);
    }
  }

  /** What the gate's waiting description adds: how ResultsDB is asked, or why it no longer is. */
  String describe() {
    return state;
  }

  private void poll(TestResultActivities resultsDb, TestQuery query, Consumer<TestResult> record) {
    try {
      List<TestResult> results = resultsDb.awaitTestResults(query);
      running = false;
      state = "";
      results.forEach(record);
      tracker.decision("ResultsDB polling found " + summary(results));
      log.info("Compose {}: ResultsDB polling found {}", composeId, summary(results));
    } catch (RuntimeException failure) {
      if (FailureMessages.isCancellation(failure)) {
        return;
      }
      running = false;
      String reason = FailureMessages.describe(failure);
      state = "; ResultsDB polling stopped (" + reason + "), only messages can bring results";
      tracker.decision("ResultsDB polling stopped: " + reason + "; waiting for test result messages only");
      log.warn("Compose {}: ResultsDB polling stopped: {}", composeId, reason);
    }
  }

  private static String summary(List<TestResult> results) {
    return String.join(
        ", ", results.stream().map(r -> r.testcase() + " " + r.outcome() + " for " + r.item()).toList());
  }
}
