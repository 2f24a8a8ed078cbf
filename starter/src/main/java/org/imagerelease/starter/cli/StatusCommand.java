package org.imagerelease.starter.cli;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.RetryingStep;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TransferProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show where a release is: stage, every image at every location, what it waits for, errors.")
public final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "COMPOSE_ID", description = "e.g. Fedora-42-20261124.n.0")
  String composeId;

  @Option(names = "--json", description = "Print the status as JSON.")
  boolean json;

  @Override
  public Integer call() {
    ImageReleaseConfig config = connection.config();
    try (TemporalConnection temporal = connection.connect(config)) {
      ReleaseClient client = connection.client(temporal, config);
      ReleaseStatus status = client.status(composeId);
      RunningSteps running = status.stage().isFinal() ? RunningSteps.none() : client.running(composeId);
      spec.commandLine().getOut().print(
          json ? Json.of(new StatusReport(status, running.transfers(), running.retrying())) + "\n" : StatusView.render(status, running, Instant.now()));
    }
    return 0;
  }

  /**
   * What {@code status --json} prints: the release status, the transfers running now and the
   * steps Temporal is retrying (with their last failure, which the status learns only once a step
   * gives up).
   */
  public record StatusReport(ReleaseStatus status, List<TransferProgress> transfers, List<RetryingStep> retrying) {}
}
