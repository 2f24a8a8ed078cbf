package org.imagerelease.workflows;

import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs steps of one stage side by side. When one fails, the others are given {@link
 * #SIBLING_GRACE} to end on their own, those still running are then cancelled, and all are
 * awaited before the failure propagates, so compensation never starts while a sibling still
 * writes.
 *
 * <p>Why the grace: cancelling a sibling whose activity completes while the workflow task that
 * cancels it is being processed is fine on a Temporal cluster, but the Java test server (the
 * embedded mode) then refuses the whole workflow task with {@code ACTIVITY_UNKNOWN}
 * (temporalio/sdk-java#2391) and the release never moves again. Siblings that end together,
 * such as the publishes of one image at every location, made that likely; a sibling that ends
 * within the grace is never cancelled. On a cluster the grace costs a failing release at most
 * that long before it compensates.
 */
final class ParallelSteps {
  /**
   * The {@link Workflow#getVersion} change id of the grace: a release whose history lacks it
   * cancelled the siblings at once, and keeps doing so when it is replayed.
   */
  static final String CHANGE_ID = "sibling-grace-before-cancel";

  static final int GRACE_BEFORE_CANCEL = 1;

  /**
   * Long enough for the steps that were ending together (the publishes of one image, calls that
   * were answering); short beside a long transfer, which is then cancelled. The race it avoids is
   * milliseconds wide, so a longer grace would only delay compensation.
   */
  static final Duration SIBLING_GRACE = Duration.ofSeconds(10);

  private ParallelSteps() {}

  static <T> List<T> runAll(List<Functions.Func<T>> steps) {
    List<Promise<T>> promises = new ArrayList<>();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> steps.forEach(step -> promises.add(Async.function(step))));
    scope.run();
    try {
      Promise.allOf(promises).get();
    } catch (RuntimeException firstFailure) {
      if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, GRACE_BEFORE_CANCEL) >= GRACE_BEFORE_CANCEL) {
        awaitSiblings(promises, firstFailure);
      }
      scope.cancel("a sibling step failed: " + FailureMessages.describe(firstFailure));
      promises.forEach(ParallelSteps::awaitQuietly);
      throw firstFailure;
    }
    return promises.stream().map(Promise::get).toList();
  }

  /** Waits up to the grace for every sibling to end, unless the release itself is being cancelled. */
  private static void awaitSiblings(List<? extends Promise<?>> promises, RuntimeException firstFailure) {
    if (FailureMessages.isCancellation(firstFailure) || CancellationScope.current().isCancelRequested()) {
      return;
    }
    try {
      Workflow.await(SIBLING_GRACE, () -> promises.stream().allMatch(Promise::isCompleted));
    } catch (CanceledFailure releaseCancelled) {
      // The release is being cancelled meanwhile; that cancels the siblings too.
    }
  }

  private static void awaitQuietly(Promise<?> promise) {
    try {
      promise.get();
    } catch (RuntimeException alreadyReported) {
      // The first failure is the one reported; the siblings' are consequences of cancelling them.
    }
  }
}
