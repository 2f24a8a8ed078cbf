package org.imagerelease.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ImageReleaseWorkflowImpl;
import org.imagerelease.workflows.retention.RetentionWorkflowImpl;
import org.imagerelease.workflows.TargetQueues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process' Temporal side: polls the release task queue (release workflows, reading
 * composes, events) and the task queues of each target it serves (that target's short calls on
 * one, its transfers on another, each with its own slot count), and stops gracefully — polling
 * ends at once, running activities get the configured grace to finish or reach their next
 * checkpoint, then are interrupted and resumed by another worker from that checkpoint.
 */
public final class ReleaseWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReleaseWorker.class);

  private final WorkerFactory factory;
  private final ImageReleaseConfig config;
  private final List<AutoCloseable> connections;
  private boolean connectionsClosed;

  private ReleaseWorker(WorkerFactory factory, ImageReleaseConfig config, List<AutoCloseable> connections) {
    this.factory = factory;
    this.config = config;
    this.connections = connections;
  }

  /** Registers the workflow and every activity and starts polling. */
  public static ReleaseWorker start(WorkflowClient client, ImageReleaseConfig config, WorkerExtras extras) {
    ReleaseActivities.Wiring wiring = ReleaseActivities.from(config, extras);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    String releaseQueue = config.temporal().taskQueue();
    Worker releases = factory.newWorker(releaseQueue, options(config, config.worker().maxConcurrentActivities()));
    releases.registerWorkflowImplementationTypes(ImageReleaseWorkflowImpl.class, RetentionWorkflowImpl.class);
    releases.registerActivitiesImplementations(wiring.activities().toArray());
    // Releases started before targets had their own queues schedule target steps here.
    releases.registerActivitiesImplementations(wiring.targetActivities());
    List<String> unknown = config.worker().servedTargets().stream().filter(t -> !wiring.targets().contains(t)).toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "consumer_config.worker.targets names " + unknown + ", which this configuration does not enable (enabled: " + wiring.targets() + ")");
    }
    List<String> served = wiring.targets().stream().filter(config.worker()::serves).toList();
    for (String target : served) {
      factory
          .newWorker(TargetQueues.calls(releaseQueue, target), options(config, config.worker().maxConcurrentActivities()))
          .registerActivitiesImplementations(wiring.targetActivities());
      factory
          .newWorker(TargetQueues.transfers(releaseQueue, target), options(config, config.worker().maxConcurrentTransfers()))
          .registerActivitiesImplementations(wiring.targetActivities());
    }
    factory.start();
    log.info(
        "Worker polling task queue {} in namespace {}, serving targets {} (at most {} transfers each; configuration from {})",
        releaseQueue,
        client.getOptions().getNamespace(),
        served,
        config.worker().maxConcurrentTransfers(),
        config.source());
    config.unavailableTargets()
        .forEach(t -> log.warn("Configuration has [consumer_config.{}], which this version cannot release to; it is ignored", t));
    return new ReleaseWorker(factory, config, wiring.connections());
  }

  static WorkerOptions options(ImageReleaseConfig config, int maxConcurrentActivities) {
    Duration checkpointInterval = config.transfer().checkpointInterval();
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(maxConcurrentActivities)
        .setMaxConcurrentWorkflowTaskExecutionSize(config.worker().maxConcurrentWorkflowTasks())
        // The SDK sends heartbeats at most every 0.8 x the heartbeat timeout, capped at 60 s;
        // a worker killed in between loses every checkpoint since. Sending each checkpoint as
        // it is taken bounds what a retry repeats to one checkpoint interval.
        .setMaxHeartbeatThrottleInterval(checkpointInterval)
        .setDefaultHeartbeatThrottleInterval(checkpointInterval)
        // No sticky execution: every workflow task goes to the shared task queue. The
        // embedded server (Temporal's test server) never moves a task off the sticky queue
        // of a worker that died or stopped, so its releases would wait for it forever. A
        // release's history is short; replaying it for each task costs little.
        .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
        // Replaying the whole history each task (no sticky cache) on a throttled pod must not
        // pass for a deadlock: see WorkerSettings.deadlockDetection.
        .setDefaultDeadlockDetectionTimeout(config.worker().deadlockDetection().toMillis())
        .build();
  }

  /** Stops polling, lets running activities go on for the grace period, then interrupts them. */
  public void stopGracefully() {
    log.info("Stopping: no new tasks; running activities have {} to finish or checkpoint", config.worker().shutdownGrace());
    factory.shutdown();
    factory.awaitTermination(config.worker().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      log.warn("Grace period over: interrupting running activities; they resume elsewhere from their last checkpoint");
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    closeConnections();
    log.info("Worker stopped");
  }

  /** After the activities stopped: nothing publishes any more. Once, however often stop is called. */
  private synchronized void closeConnections() {
    if (connectionsClosed) {
      return;
    }
    connectionsClosed = true;
    for (AutoCloseable connection : connections) {
      try {
        connection.close();
      } catch (Exception e) {
        log.warn("Closing {} failed: {}", connection.getClass().getSimpleName(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    stopGracefully();
  }
}
