package org.imagerelease.starter.cli;

import java.util.concurrent.Callable;
import org.imagerelease.starter.embedded.EmbeddedTemporal;
import org.imagerelease.worker.ReleaseWorker;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.WorkerExtras;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TemporalSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dev", description = "Run the embedded Temporal server and a worker in one process, for development on one machine.")
public final class DevCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--port", defaultValue = "7233", description = "Port of the embedded server on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() throws Exception {
    Logging.showProgress();
    EmbeddedTemporal server = EmbeddedTemporal.listeningOn("127.0.0.1", port);
    ImageReleaseConfig configured = connection.config();
    ImageReleaseConfig config =
        configured.withTemporal(new TemporalSettings(server.address(), EmbeddedTemporal.NAMESPACE, configured.temporal().taskQueue()));
    TemporalConnection temporal = server.connect();
    ReleaseWorker worker = ReleaseWorker.start(temporal.client(), config, WorkerExtras.none());
    var out = spec.commandLine().getOut();
    out.printf("Development stack up: Temporal on %s, worker on task queue %s, mirror roots %s.%n",
        server.address(), config.temporal().taskQueue(), config.mirror().settings().roots().stream().map(r -> r.name() + "=" + r.directory()).toList());
    out.printf("Start a release with: image-release start --compose URL|DIR%n");
    out.flush();
    WorkerCommand.runUntilStopped(
        () -> {
          worker.stopGracefully();
          temporal.close();
          server.close();
        });
    return 0;
  }
}
