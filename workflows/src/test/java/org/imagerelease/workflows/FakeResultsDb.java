package org.imagerelease.workflows;

import io.temporal.activity.Activity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;

/**
 * ResultsDB as the polling fallback sees it: results a test system stored, some only from a
 * given poll round on (results arrive while a release waits). Each round heartbeats and waits
 * a few milliseconds of real time; a round finding every result decisive, or any FAILED, ends
 * the poll, as the real poller does.
 */
final class FakeResultsDb implements TestResultActivities {
  private final Map<String, Stored> stored = new ConcurrentHashMap<>();
  private volatile Stored everyImageResult;
  final List<TestQuery> queries = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger rounds = new AtomicInteger();
  /** When set, every poll fails with it at once, as a misconfigured ResultsDB URL does. */
  volatile RuntimeException failure;
  private volatile boolean closed;
  private final AtomicInteger running = new AtomicInteger();

  private record Stored(TestResult result, int fromRound) {}

  /** ResultsDB holds this outcome for every testcase and image asked about, from that round on. */
  void storesForEveryImage(String outcome, int fromRound) {
    everyImageResult = new Stored(new TestResult("", "", outcome, "https://openqa.example.test/tests/2"), fromRound);
  }

  /** ResultsDB holds this result from that round on. */
  void stores(TestResult result, int fromRound) {
    stored.put(result.testcase() + "\n" + result.item(), new Stored(result, fromRound));
  }

  @Override
  public List<TestResult> awaitTestResults(TestQuery query) {
    queries.add(query);
    if (failure != null) {
      throw failure;
    }
    running.incrementAndGet();
    try {
      while (true) {
        int round = rounds.incrementAndGet();
        List<TestResult> found = find(query, round);
        Activity.getExecutionContext().heartbeat(found);
        boolean anyFailed = found.stream().anyMatch(TestResult::failed);
        boolean allDecisive =
            found.size() == query.testcases().size() * query.imageNames().size()
                && found.stream().allMatch(r -> r.passed() || r.failed());
        if (anyFailed || allDecisive) {
          return found;
        }
        if (closed) {
          throw new IllegalStateException("the test is over");
        }
        Thread.sleep(10);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } finally {
      running.decrementAndGet();
    }
  }

  /**
   * Ends a poller still running when the test ends. A cancelled poller learns it only from a
   * heartbeat, and the SDK sends those at most every 48 s (80% of the heartbeat timeout).
   */
  void close() throws InterruptedException {
    closed = true;
    for (int i = 0; i < 100 && running.get() > 0; i++) {
      Thread.sleep(10);
    }
  }

  private List<TestResult> find(TestQuery query, int round) {
    List<TestResult> found = new ArrayList<>();
    for (String testcase : query.testcases()) {
      for (String image : query.imageNames()) {
        Stored everyImage = everyImageResult;
        Stored result = stored.get(testcase + "\n" + image);
        if (result == null && everyImage != null) {
          result = new Stored(new TestResult(testcase, image, everyImage.result.outcome(), everyImage.result.refUrl()), everyImage.fromRound);
        }
        if (result != null && round >= result.fromRound) {
          found.add(result.result);
        }
      }
    }
    return found;
  }
}
