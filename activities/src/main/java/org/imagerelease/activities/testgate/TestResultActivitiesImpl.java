package org.imagerelease.activities.testgate;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.ActivityFailures;
import org.imagerelease.activities.LogContext;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.targets.TemporalHeartbeat;
import org.imagerelease.workflows.TestResultActivities;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test gate's ResultsDB poller: asks for the latest results every poll interval until they
 * decide the gate, heartbeating what it has seen each round and while it waits, so a cancelled
 * poller stops at its next beat. ResultsDB being down only costs a round; a wrong URL fails the
 * poller for good ({@code ConfigurationError}) and the gate waits for messages alone.
 */
public final class TestResultActivitiesImpl implements TestResultActivities {
  private static final Logger log = LoggerFactory.getLogger(TestResultActivitiesImpl.class);

  private final ResultsDbClient resultsDb;

  public TestResultActivitiesImpl(ResultsDbClient resultsDb) {
    this.resultsDb = resultsDb;
  }

  @Override
  public List<TestResult> awaitTestResults(TestQuery query) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Duration heartbeatTimeout = context.getInfo().getHeartbeatTimeout();
    // Beat well within the heartbeat timeout even when rounds are further apart.
    Duration beatEvery =
        heartbeatTimeout.isZero() || heartbeatTimeout.dividedBy(2).compareTo(query.pollInterval()) >= 0
            ? query.pollInterval()
            : heartbeatTimeout.dividedBy(2);
    try (var logContext = LogContext.ofCompose(query.composeId())) {
      return ActivityFailures.call(() -> poll(query, new TemporalHeartbeat(context), beatEvery));
    }
  }

  private List<TestResult> poll(TestQuery query, Heartbeat heartbeat, Duration beatEvery) throws InterruptedException {
    PollProgress progress = heartbeat.lastDetails(PollProgress.class).orElse(PollProgress.none());
    log.info(
        "Compose {}: asking ResultsDB at {} every {} for {} of {}",
        query.composeId(), resultsDb.apiBase(), query.pollInterval(), query.testcases(), query.imageNames());
    while (true) {
      progress = ask(query, progress);
      heartbeat.beat(progress);
      if (progress.decides(query)) {
        log.info("Compose {}: ResultsDB has decisive results after {} rounds: {}", query.composeId(), progress.rounds(), progress.results());
        return progress.results();
      }
      waitForNextRound(query.pollInterval(), beatEvery, heartbeat, progress);
    }
  }

  private PollProgress ask(TestQuery query, PollProgress progress) throws InterruptedException {
    try {
      List<ResultsDbResult> answer = resultsDb.latestResults(query.testcases(), query.imageNames());
      return progress.answered(latestPerTestcaseAndImage(answer, query));
    } catch (ResultsDbUnavailableException e) {
      log.warn("Compose {}: {}; asking again in {}", query.composeId(), e.getMessage(), query.pollInterval());
      return progress.unanswered(e.getMessage());
    }
  }

  /** Keeps results of the pairs asked about, the newest of each when ResultsDB gave several. */
  private static List<TestResult> latestPerTestcaseAndImage(List<ResultsDbResult> answer, TestQuery query) {
    Map<String, ResultsDbResult> latest = new LinkedHashMap<>();
    Comparator<ResultsDbResult> bySubmitTime = Comparator.comparing(ResultsDbResult::submitTime);
    for (ResultsDbResult result : answer) {
      String image = result.item().orElse("");
      if (query.imageNames().contains(image) && query.testcasesOf(image).contains(result.testcase())) {
        latest.merge(result.testcase() + "\n" + image, result, (a, b) -> bySubmitTime.compare(b, a) > 0 ? b : a);
      }
    }
    return latest.values().stream().map(ResultsDbResult::toTestResult).toList();
  }

  private static void waitForNextRound(Duration interval, Duration beatEvery, Heartbeat heartbeat, PollProgress progress)
      throws InterruptedException {
    long nextRound = System.nanoTime() + interval.toNanos();
    for (long left = interval.toNanos(); left > 0; left = nextRound - System.nanoTime()) {
      Thread.sleep(Math.max(1, Math.min(left, beatEvery.toNanos()) / 1_000_000));
      heartbeat.beat(progress);
    }
  }
}
