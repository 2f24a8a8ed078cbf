package org.imagerelease.worker;

import java.io.IOException;
import java.util.List;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.monitoring.MonitoringServer;
import org.imagerelease.worker.monitoring.ProcessMetrics;
import org.imagerelease.worker.monitoring.TemporalReadiness;

/**
 * What {@code image-release worker} runs: the monitoring server (up first, so that liveness
 * answers while Temporal is still out of reach), the connection to Temporal reporting the SDK's
 * metrics, and the {@link ReleaseWorker}. Ready when Temporal answers.
 */
public final class WorkerProcess implements AutoCloseable {
  private final ProcessMetrics metrics;
  private final TemporalConnection temporal;
  private final MonitoringServer monitoring;
  private final ReleaseWorker worker;

  private WorkerProcess(ProcessMetrics metrics, TemporalConnection temporal, MonitoringServer monitoring, ReleaseWorker worker) {
    this.metrics = metrics;
    this.temporal = temporal;
    this.monitoring = monitoring;
    this.worker = worker;
  }

  /** @throws IOException when the monitoring port cannot be listened on */
  public static WorkerProcess start(ImageReleaseConfig config, WorkerExtras extras) throws IOException {
    ProcessMetrics metrics = ProcessMetrics.start();
    TemporalConnection temporal = TemporalConnection.to(config.temporal(), metrics.temporalScope());
    MonitoringServer monitoring;
    try {
      monitoring =
          MonitoringServer.start(config.monitoring(), metrics, List.of(new TemporalReadiness(temporal.service(), config.temporal().target())));
    } catch (IOException | RuntimeException e) {
      temporal.close();
      metrics.close();
      throw e;
    }
    try {
      return new WorkerProcess(metrics, temporal, monitoring, ReleaseWorker.start(temporal.client(), config, extras));
    } catch (RuntimeException e) {
      monitoring.close();
      temporal.close();
      metrics.close();
      throw e;
    }
  }

  /** The port the monitoring server listens on. */
  public int monitoringPort() {
    return monitoring.port();
  }

  public TemporalConnection temporal() {
    return temporal;
  }

  /** Stops the worker gracefully, then the rest; monitoring last, so probes see the stop to its end. */
  @Override
  public void close() {
    worker.stopGracefully();
    temporal.close();
    monitoring.close();
    metrics.close();
  }
}
