package org.imagerelease.workflows;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseTimeouts;

/**
 * The activity stubs of one release, each with the options its kind of step needs. Transfers
 * heartbeat and are waited for when cancelled, so an undo never races a transfer still writing.
 */
final class ActivityStubs {
  /** How soon a silent ResultsDB poller is presumed dead; it beats while it waits between rounds. */
  static final Duration POLLING_HEARTBEAT = Duration.ofMinutes(1);
  static final Duration EVENT_HEARTBEAT = Duration.ofSeconds(10);

  /**
   * One target's stubs.
   *
   * @param transfers upload and replicate: long, heartbeated
   * @param calls publish and check: short
   * @param undo withdraw, unpublish, clean up: short, retried longer
   */
  record TargetStubs(TargetActivities transfers, TargetActivities calls, TargetActivities undo) {}

  final ComposeActivities compose;
  final EventActivities events;
  private final ReleaseTimeouts timeouts;
  private final boolean perTargetQueues;
  private final Map<String, TargetStubs> targets = new HashMap<>();

  /**
   * @param perTargetQueues whether target activities go to their target's own task queues; a
   *     release started before those existed keeps scheduling them on its own queue
   */
  ActivityStubs(ReleaseTimeouts timeouts, boolean perTargetQueues) {
    this.timeouts = timeouts;
    this.perTargetQueues = perTargetQueues;
    compose =
        Workflow.newActivityStub(
            ComposeActivities.class, shortCall(timeouts.cloudCall(), retries(10)).build());
    // An event attempt heartbeats at once (then after each publisher's confirm): a worker that
    // died under it is noticed after EVENT_HEARTBEAT, not the minute the attempt may take.
    events =
        Workflow.newActivityStub(
            EventActivities.class, shortCall(Duration.ofMinutes(1), retries(30)).setHeartbeatTimeout(EVENT_HEARTBEAT).build());
  }

  /** The stubs of one target's activities, on its task queues. */
  TargetStubs target(String name) {
    return targets.computeIfAbsent(name, this::newTargetStubs);
  }

  private TargetStubs newTargetStubs(String target) {
    String releaseQueue = Workflow.getInfo().getTaskQueue();
    ActivityOptions.Builder transfers =
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(timeouts.transferAttempt())
            .setHeartbeatTimeout(timeouts.transferHeartbeat())
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setRetryOptions(retries(10).setInitialInterval(ReleaseTimeouts.TRANSFER_RETRY_INITIAL).build());
    ActivityOptions.Builder calls = shortCall(timeouts.cloudCall(), retries(10));
    // Undo must outlast a flaky cloud: more attempts, and it runs in a detached scope anyway.
    ActivityOptions.Builder undo = shortCall(timeouts.cloudCall(), retries(30));
    if (perTargetQueues) {
      transfers.setTaskQueue(TargetQueues.transfers(releaseQueue, target));
      calls.setTaskQueue(TargetQueues.calls(releaseQueue, target));
      undo.setTaskQueue(TargetQueues.calls(releaseQueue, target));
    }
    return new TargetStubs(
        Workflow.newActivityStub(TargetActivities.class, transfers.build()),
        Workflow.newActivityStub(TargetActivities.class, calls.build()),
        Workflow.newActivityStub(TargetActivities.class, undo.build()));
  }

  /**
   * The ResultsDB poller of a gate: it runs while the gate waits, so it may run as long as the
   * gate. Cancelling it does not wait for the poller to notice: it only reads, so nothing can
   * race it, and the gate must not wait on a poller between two rounds. A poller whose worker
   * died is retried elsewhere for as long as the gate waits.
   */
  TestResultActivities polling(GateSettings gate) {
    return Workflow.newActivityStub(
        TestResultActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(gate.timeout())
            .setHeartbeatTimeout(POLLING_HEARTBEAT)
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(10))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(5))
                    .setDoNotRetry(ReleaseFailureTypes.NON_RETRYABLE)
                    .build())
            .build());
  }

  private static ActivityOptions.Builder shortCall(Duration timeout, RetryOptions.Builder retry) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(timeout)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .setRetryOptions(retry.build());
  }

  private RetryOptions.Builder retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(2))
        .setBackoffCoefficient(2)
        .setMaximumInterval(timeouts.retryMaxInterval())
        .setMaximumAttempts(attempts)
        .setDoNotRetry(ReleaseFailureTypes.NON_RETRYABLE);
  }
}
