package org.imagerelease.starter.durability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.imagerelease.starter.durability.Observation.Kind;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;

/**
 * A worker process for durability tests: {@code image-release worker} with its transfers
 * {@linkplain ObservedTransfer observed}. Arguments: the configuration file and the observation
 * log. It stops as the real command does: on SIGTERM the shutdown hook stops the worker
 * gracefully, then records {@link Kind#STOPPED}.
 */
public final class ObservedWorkerMain {
  private ObservedWorkerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: ObservedWorkerMain <config.toml> <observations.log>");
    }
    // No environment: a TEMPORAL_ADDRESS of the machine must not send the test's worker elsewhere.
    ImageReleaseConfig config = LocalAzureProperties.applyTo(new ConfigLoader(Map.of()).load(Optional.of(Path.of(args[0]))));
    ObservationLog log = ObservationLog.appendingTo(Path.of(args[1]));
    TemporalConnection temporal = TemporalConnection.to(config.temporal());
    ReleaseWorker worker =
        ReleaseWorker.start(
            temporal.client(), config, new WorkerExtras(List.of(), pipeline -> new ObservedTransfer(pipeline, log)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.stopGracefully();
                  temporal.close();
                  log.record(0, Kind.STOPPED, Observation.NONE);
                  stopped.countDown();
                },
                "graceful-stop"));
    // An orphan would poll the test's task queue forever; a worker whose test JVM is gone stops.
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
    log.record(0, Kind.STARTED, Observation.NONE);
    stopped.await();
  }
}
