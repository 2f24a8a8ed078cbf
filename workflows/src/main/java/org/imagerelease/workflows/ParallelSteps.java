package org.imagerelease.workflows;

import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs steps of one stage side by side. When one fails, the others are cancelled and awaited
 * before the failure propagates, so compensation never starts while a sibling still writes.
 */
final class ParallelSteps {
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
      scope.cancel("a sibling step failed: " + FailureMessages.describe(firstFailure));
      promises.forEach(ParallelSteps::awaitQuietly);
      throw firstFailure;
    }
    return promises.stream().map(Promise::get).toList();
  }

  private static void awaitQuietly(Promise<?> promise) {
    try {
      promise.get();
    } catch (RuntimeException alreadyReported) {
      // The first failure is the one reported; the siblings' are consequences of cancelling them.
    }
  }
}
