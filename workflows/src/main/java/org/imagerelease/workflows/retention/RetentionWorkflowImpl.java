package org.imagerelease.workflows.retention;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.workflows.FailureMessages;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;

/**
 * Plans, then removes item by item: one that keeps failing is reported and left for the next
 * run, so a single stuck version never holds the rest back.
 */
public final class RetentionWorkflowImpl implements RetentionWorkflow {
  private static final Logger log = Workflow.getLogger(RetentionWorkflowImpl.class);

  private final RetentionActivities activities =
      Workflow.newActivityStub(
          RetentionActivities.class,
          ActivityOptions.newBuilder()
              // Deleting a gallery version can take minutes; each step waits at most eight.
              .setStartToCloseTimeout(Duration.ofMinutes(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumInterval(Duration.ofMinutes(2))
                      .setMaximumAttempts(5)
                      .setDoNotRetry(ReleaseFailureTypes.NON_RETRYABLE)
                      .build())
              .build());

  @Override
  public RetentionReport run(RetentionRequest request) {
    RetentionPlanView plan = activities.planRetention();
    log.info("Retention asked by {}: {} to remove{}", request.requestedBy(), plan.items().size(), request.dryRun() ? " (dry run)" : "");
    if (request.dryRun()) {
      return new RetentionReport(true, plan.text(), List.of(), List.of());
    }
    List<RetentionItem> removed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (RetentionItem item : plan.items()) {
      try {
        activities.removeRetained(item);
        removed.add(item);
      } catch (ActivityFailure e) {
        log.warn("Retention could not remove {}: {}", item, FailureMessages.describe(e));
        failed.add(item + ": " + FailureMessages.describe(e));
      }
    }
    return new RetentionReport(false, plan.text(), removed, failed);
  }
}
