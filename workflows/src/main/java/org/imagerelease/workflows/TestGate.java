package org.imagerelease.workflows;

import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.GatePolicy;
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
  /**
   * The {@link Workflow#getVersion} change id of gate rules. A release whose history resolved its
   * plan without this marker was run by a worker that knew no rules: it gates every image on its
   * targets' testcases, even when its request carries rules.
   */
  static final String RULES_CHANGE_ID = "test-gate-rules";

  /** The version of {@link #RULES_CHANGE_ID} from which a release applies its gate rules. */
  static final int APPLIES_RULES = 1;

  /**
   * The {@link Workflow#getVersion} change id of policy {@code none} opening the gate at once. A
   * release whose history lacks it waited, under {@code none}, for a person to approve the images
   * its gate rules leave to one, as it was run.
   */
  static final String NONE_OPENS_CHANGE_ID = "gate-none-opens-at-once";

  /** The version of {@link #NONE_OPENS_CHANGE_ID} from which {@code none} waits for nothing. */
  static final int NONE_OPENS_AT_ONCE = 1;

  private static final Logger log = Workflow.getLogger(TestGate.class);

  private final Map<String, TestResult> latestResults = new LinkedHashMap<>();
  private Decision approval;
  private Decision rejection;
  private RequiredTests awaiting;

  void record(TestResult result) {
    latestResults.put(result.testcase() + "\n" + result.item(), result);
  }

  void approve(Decision decision) {
    approval = decision;
  }

  void reject(Decision decision) {
    rejection = decision;
  }

  /**
   * The latest outcome of every recorded testcase for an image, and of each result of its sibling
   * the image waits for ({@code <testcase> of <sibling>}; empty while none arrived).
   */
  Map<String, String> outcomesOf(String imageName) {
    Map<String, String> outcomes =
        latestResults.values().stream()
            .filter(r -> r.item().equals(imageName))
            .collect(Collectors.toMap(TestResult::testcase, TestResult::outcome, (a, b) -> b, LinkedHashMap::new));
    if (awaiting != null) {
      awaiting.awaitedOf(imageName).stream()
          .filter(awaited -> !awaited.item().equals(imageName))
          .forEach(awaited -> outcomes.put(awaited.toString(), outcome(awaited.testcase(), awaited.item()).outcome()));
    }
    return outcomes;
  }

  /**
   * Waits as the settings say, reporting the stage and what it waits for to the tracker. While
   * it waits for tests, {@code polling} asks ResultsDB for results no message brought, if the
   * settings ask for it; its results decide like signalled ones.
   */
  GateOutcome await(
      GateSettings settings, RequiredTests required, ReleaseTracker tracker, ResultsDbPolling polling) {
    long deadline = Workflow.currentTimeMillis() + settings.timeout().toMillis();
    awaiting = required;
    if (settings.policy() == GatePolicy.NONE
        && Workflow.getVersion(NONE_OPENS_CHANGE_ID, Workflow.DEFAULT_VERSION, NONE_OPENS_AT_ONCE) >= NONE_OPENS_AT_ONCE) {
      return GateOutcome.SKIPPED;
    }
    if (settings.policy().needsTests()) {
      tracker.enter(ReleaseStage.AWAITING_TESTS);
      boolean approvalOpensGate = !settings.policy().needsApproval();
      Supplier<Boolean> testsDecided =
          () ->
              rejection != null
                  || anyFailed(required)
                  || allPassed(required)
                  || (approvalOpensGate && approval != null);
      if (!testsDecided.get()) {
        polling.start(settings, required, this::record);
      }
      tracker.waitFor(() -> describeTestWait(required, approvalOpensGate) + polling.describe());
      boolean decided = awaitUntil(deadline, testsDecided);
      polling.stop("the gate no longer waits for test results");
      if (rejection != null) {
        return GateOutcome.REJECTED;
      }
      if (!decided) {
        return GateOutcome.TIMED_OUT;
      }
      if (anyFailed(required)) {
        log.warn("Tests failed: {}", failures(required));
        return GateOutcome.FAILED;
      }
      if (approvalOpensGate) {
        if (!allPassed(required)) {
          return GateOutcome.APPROVED;
        }
        if (!required.needsApproval()) {
          return GateOutcome.PASSED;
        }
        if (approval != null) {
          return GateOutcome.APPROVED;
        }
      }
    }
    if (settings.policy().needsApproval() || required.needsApproval()) {
      tracker.enter(ReleaseStage.AWAITING_APPROVAL);
      tracker.waitFor(() -> "a person's approvePromotion (or rejectPromotion) signal" + approvalReason(settings, required));
      boolean decided = awaitUntil(deadline, () -> approval != null || rejection != null);
      if (rejection != null) {
        return GateOutcome.REJECTED;
      }
      return decided ? GateOutcome.APPROVED : GateOutcome.TIMED_OUT;
    }
    return settings.policy().needsTests() ? GateOutcome.PASSED : GateOutcome.SKIPPED;
  }

  /** Why the gate ended as it did, for the status and the failure event. */
  String explain(GateOutcome outcome, GateSettings settings, RequiredTests required) {
    return switch (outcome) {
      case FAILED -> "tests failed: " + failures(required);
      case REJECTED -> "rejected by " + rejection.who() + ": " + rejection.why();
      case TIMED_OUT -> "the gate timed out after " + settings.timeout() + " waiting for " + pendingOf(settings, required);
      case APPROVED -> "approved by " + approval.who() + ": " + approval.why();
      case PASSED -> required.awaitsResults() ? "all required tests passed" : "no image waits for test results (gate rules release them untested)";
      case SKIPPED -> "no gate configured";
    };
  }

  private String pendingOf(GateSettings settings, RequiredTests required) {
    if (settings.policy().needsTests() && !allPassed(required)) {
      return "test results";
    }
    return "approval";
  }

  private boolean allPassed(RequiredTests required) {
    return required.images().stream().allMatch(image -> passedAll(required, image));
  }

  private boolean passedAll(RequiredTests required, String image) {
    return required.awaitedOf(image).stream().allMatch(awaited -> outcome(awaited.testcase(), awaited.item()).passed());
  }

  private boolean anyFailed(RequiredTests required) {
    return !failures(required).isEmpty();
  }

  private List<String> failures(RequiredTests required) {
    return required.images().stream()
        .flatMap(image -> required.awaitedOf(image).stream().map(awaited -> outcome(awaited.testcase(), awaited.item())))
        .filter(TestResult::failed)
        .map(r -> r.testcase() + " FAILED for " + r.item() + (r.refUrl().isEmpty() ? "" : " (" + r.refUrl() + ")"))
        .distinct()
        .toList();
  }

  private TestResult outcome(String testcase, String imageName) {
    return latestResults.getOrDefault(
        testcase + "\n" + imageName, new TestResult(testcase, imageName, "", ""));
  }

  private String describeTestWait(RequiredTests required, boolean approvalOpensGate) {
    long passed = required.images().stream().filter(image -> passedAll(required, image)).count();
    return "test results "
        + String.join(", ", required.allTestcases())
        + ": "
        + passed
        + " of "
        + required.images().size()
        + " images passed"
        + (approvalOpensGate ? " (an approvePromotion signal also opens the gate)" : "")
        + (required.needsApproval() ? "; then a person's approval for " + required.approvalNeededBy().size() + " images nothing tests" : "");
  }

  /** Why a person's approval is awaited when the gate's policy alone would not ask for it. */
  private static String approvalReason(GateSettings settings, RequiredTests required) {
    if (settings.policy().needsApproval() || !required.needsApproval()) {
      return "";
    }
    return " for the images nothing tests (gate rules: approval): " + String.join(", ", required.approvalNeededBy());
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
