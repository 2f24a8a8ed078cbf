package org.imagerelease.activities.testgate;

import java.util.List;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;

/**
 * What the ResultsDB poller has seen so far; its heartbeat details, so a person (and a retry)
 * can tell how long it has asked and what it found.
 *
 * @param rounds how many times ResultsDB was asked
 * @param results the latest result of each testcase for each image found so far
 * @param lastProblem why the last round found nothing new (ResultsDB unavailable); empty if it answered
 */
public record PollProgress(int rounds, List<TestResult> results, String lastProblem) {
  public PollProgress {
    results = results == null ? List.of() : List.copyOf(results);
    lastProblem = lastProblem == null ? "" : lastProblem;
  }

  static PollProgress none() {
    return new PollProgress(0, List.of(), "");
  }

  PollProgress answered(List<TestResult> latest) {
    return new PollProgress(rounds + 1, latest, "");
  }

  PollProgress unanswered(String problem) {
    return new PollProgress(rounds + 1, results, problem);
  }

  /** Whether the results decide the gate: any FAILED, or PASSED or FAILED for every pair asked. */
  boolean decides(TestQuery query) {
    if (results.stream().anyMatch(TestResult::failed)) {
      return true;
    }
    return query.imageNames().stream()
        .allMatch(
            image ->
                query.testcasesOf(image).stream()
                    .allMatch(
                        testcase ->
                            results.stream()
                                .anyMatch(r -> r.testcase().equals(testcase) && r.item().equals(image) && (r.passed() || r.failed()))));
  }
}
