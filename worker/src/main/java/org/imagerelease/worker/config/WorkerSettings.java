package org.imagerelease.worker.config;

import java.time.Duration;
import java.util.List;

/**
 * How much one worker process takes on, and how it stops.
 *
 * @param maxConcurrentActivities short activities (reading a compose, publishing, withdrawing,
 *     events) running at once on each of this process' queues
 * @param maxConcurrentTransfers uploads and copies running at once per target; they hold block
 *     buffers and connections, so they have their own, smaller, count
 * @param maxConcurrentWorkflowTasks workflow tasks processed at once
 * @param shutdownGrace how long a stopping worker lets running activities go on before it
 *     interrupts them; they resume elsewhere from their last checkpoint
 * @param servedTargets the targets whose task queues this process polls; empty for every
 *     enabled target. A fleet can specialise: workers with cloud credentials serve the clouds
 * @param deadlockDetection how long a workflow task may run without yielding before the SDK
 *     takes it for a deadlock and fails it. The SDK's 1 s is short here: with no sticky cache
 *     every task replays the release's whole history, and a pod throttled by its CPU limit (or a
 *     busy machine) can take longer than that without anything being wrong; each such failure
 *     retries the task, and under sustained load the release stops moving
 */
public record WorkerSettings(
    int maxConcurrentActivities,
    int maxConcurrentTransfers,
    int maxConcurrentWorkflowTasks,
    Duration shutdownGrace,
    List<String> servedTargets,
    Duration deadlockDetection) {

  public static final Duration DEFAULT_DEADLOCK_DETECTION = Duration.ofSeconds(10);

  public WorkerSettings {
    servedTargets = servedTargets == null ? List.of() : List.copyOf(servedTargets);
    deadlockDetection = deadlockDetection == null ? DEFAULT_DEADLOCK_DETECTION : deadlockDetection;
  }

  /** A worker serving every enabled target, with as many transfers as other activities. */
  public WorkerSettings(int maxConcurrentActivities, int maxConcurrentWorkflowTasks, Duration shutdownGrace) {
    this(maxConcurrentActivities, maxConcurrentActivities, maxConcurrentWorkflowTasks, shutdownGrace, List.of(), DEFAULT_DEADLOCK_DETECTION);
  }

  /** Whether this process polls the queues of the target. */
  public boolean serves(String target) {
    return servedTargets.isEmpty() || servedTargets.contains(target);
  }
}
