package org.imagerelease.workflows;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.TestResult;
import org.slf4j.Logger;

/**
 * Decides whether uploaded images may go public. Test results and decisions are recorded
 * whenever their signals arrive, even before the gate is reached; the latest result of a
 * testcase for an image wins, as in ResultsDB.
 */
final class TestGate {
  private static final Logger log = Workflow.getLogger(TestGate.class);

  private final Map<String, TestResult> latestResults = new LinkedHashMap<>();
  private Decision approval;
  private Decision rejection;

  void record(TestResult result) {
    latestResults.put(result.testcase() + "\n" + result.item(), result);
  }

  void approve(Decision decision) {
    approval = decision;
  }

  void reject(Decision decision) {
    rejection = decision;
  }

  /** The latest outcome of every recorded testcase for an image. */
  Map<String, String> outcomesOf(String imageName) {
    return latestResults.values().stream()
        .filter(r -> r.item().equals(imageName))
        .collect(Collectors.toMap(TestResult::testcase, TestResult::outcome, (a, b) -> b, LinkedHashMap::new));
  }

  /**
   * Waits as the settings say, reporting the stage and what it waits for to the tracker. While
   * it waits for tests, {@code polling} asks ResultsDB for results no message brought, if the
   * settings ask for it; its results decide like signalled ones.
   */
  GateOutcome await(
      GateSettings settings, Collection<String> imageNames, ReleaseTracker tracker, ResultsDbPolling polling) {
    long deadline = Workflow.currentTimeMillis() + settings.timeout().toMillis();
    if (settings.policy().needsTests()) {
      tracker.enter(ReleaseStage.AWAITING_TESTS);
      List<String> testcases = settings.requiredTestcases();
      boolean approvalOpensGate = !settings.policy().needsApproval();
      Supplier<Boolean> testsDecided =
          () ->
              rejection != null
                  || anyFailed(testcases, imageNames)
                  || allPassed(testcases, imageNames)
                  || (approvalOpensGate && approval != null);
      if (!testsDecided.get()) {
        polling.start(settings, imageNames, this::record);
      }
      tracker.waitFor(() -> describeTestWait(testcases, imageNames, approvalOpensGate) + polling.describe());
      boolean decided = awaitUntil(deadline, testsDecided);
      polling.stop("the gate no longer waits for test results");
      if (rejection != null) {
        return GateOutcome.REJECTED;
      }
      if (!decided) {
        return GateOutcome.TIMED_OUT;
      }
      if (anyFailed(testcases, imageNames)) {
        log.warn("Tests failed: {}", failures(testcases, imageNames));
        return GateOutcome.FAILED;
      }
      if (approvalOpensGate) {
        return allPassed(testcases, imageNames) ? GateOutcome.PASSED : GateOutcome.APPROVED;
      }
    }
    if (settings.policy().needsApproval()) {
      tracker.enter(ReleaseStage.AWAITING_APPROVAL);
      tracker.waitFor(() -> "a person's approvePromotion (or rejectPromotion) signal");
      boolean decided = awaitUntil(deadline, () -> approval != null || rejection != null);
      if (rejection != null) {
        return GateOutcome.REJECTED;
      }
      return decided ? GateOutcome.APPROVED : GateOutcome.TIMED_OUT;
    }
    return settings.policy().needsTests() ? GateOutcome.PASSED : GateOutcome.SKIPPED;
  }

  /** Why the gate ended as it did, for the status and the failure event. */
  String explain(GateOutcome outcome, GateSettings settings, Collection<String> imageNames) {
    return switch (outcome) {
      case FAILED -> "tests failed: " + failures(settings.requiredTestcases(), imageNames);
      case REJECTED -> "rejected by " + rejection.who() + ": " + rejection.why();
      case TIMED_OUT -> "the gate timed out after " + settings.timeout() + " waiting for " + pendingOf(settings, imageNames);
      case APPROVED -> "approved by " + approval.who() + ": " + approval.why();
      case PASSED -> "all required tests passed";
      case SKIPPED -> "no gate configured";
    };
  }

  private String pendingOf(GateSettings settings, Collection<String> imageNames) {
    if (settings.policy().needsTests() && !allPassed(settings.requiredTestcases(), imageNames)) {
      return "test results";
    }
    return "approval";
  }

  private boolean allPassed(List<String> testcases, Collection<String> imageNames) {
    return imageNames.stream().allMatch(image -> testcases.stream().allMatch(tc -> outcome(tc, image).passed()));
  }

  private boolean anyFailed(List<String> testcases, Collection<String> imageNames) {
    return !failures(testcases, imageNames).isEmpty();
  }

  private List<String> failures(List<String> testcases, Collection<String> imageNames) {
    return imageNames.stream()
        .flatMap(image -> testcases.stream().map(tc -> outcome(tc, image)))
        .filter(TestResult::failed)
        .map(r -> r.testcase() + " FAILED for " + r.item() + (r.refUrl().isEmpty() ? "" : " (" + r.refUrl() + ")"))
        .toList();
  }

  private TestResult outcome(String testcase, String imageName) {
    return latestResults.getOrDefault(
        testcase + "\n" + imageName, new TestResult(testcase, imageName, "", ""));
  }

  private String describeTestWait(
      List<String> testcases, Collection<String> imageNames, boolean approvalOpensGate) {
    long passed =
        imageNames.stream()
            .filter(image -> testcases.stream().allMatch(tc -> outcome(tc, image).passed()))
            .count();
    return "test results "
        + String.join(", ", testcases)
        + ": "
        + passed
        + " of "
        + imageNames.size()
        + " images passed"
        + (approvalOpensGate ? " (an approvePromotion signal also opens the gate)" : "");
  }

  /** Waits for the condition until the deadline; true if it holds. */
  private static boolean awaitUntil(long deadline, Supplier<Boolean> condition) {
    long remaining = deadline - Workflow.currentTimeMillis();
    if (remaining <= 0) {
      return condition.get();
    }
    return Workflow.await(Duration.ofMillis(remaining), condition);
  }
}
