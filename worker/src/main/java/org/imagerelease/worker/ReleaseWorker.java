package org.imagerelease.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imagerelease.workflows.ImageReleaseWorkflowImpl;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker process' Temporal side: polls the release task queue, runs release workflows and
 * their activities, and stops gracefully — polling ends at once, running activities get the
 * configured grace to finish or reach their next checkpoint, then are interrupted and resumed by
 * another worker from that checkpoint.
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
    Worker worker =
        factory.newWorker(
            config.temporal().taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.worker().maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(config.worker().maxConcurrentWorkflowTasks())
                // No sticky execution: every workflow task goes to the shared task queue. The
                // embedded server (Temporal's test server) never moves a task off the sticky queue
                // of a worker that died or stopped, so its releases would wait for it forever. A
                // release's history is short; replaying it for each task costs little.
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .build());
    worker.registerWorkflowImplementationTypes(ImageReleaseWorkflowImpl.class);
    worker.registerActivitiesImplementations(wiring.activities().toArray());
    factory.start();
    log.info(
        "Worker polling task queue {} in namespace {} (targets {}, configuration from {})",
        config.temporal().taskQueue(),
        client.getOptions().getNamespace(),
        config.enabledTargets().stream().map(t -> t.name()).toList(),
        config.source());
    config.unavailableTargets()
        .forEach(t -> log.warn("Configuration has [consumer_config.{}], which this version cannot release to; it is ignored", t));
    return new ReleaseWorker(factory, config, wiring.connections());
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
