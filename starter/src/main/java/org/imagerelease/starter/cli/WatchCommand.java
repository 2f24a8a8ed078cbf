package org.imagerelease.starter.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.RunningSteps;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ReleaseStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "watch", description = "Follow a release live, with a progress bar per image and location, until it ends.")
public final class WatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "COMPOSE_ID")
  String composeId;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT1S", description = "How often to refresh (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Override
  public Integer call() throws InterruptedException {
    ImageReleaseConfig config = connection.config();
    try (TemporalConnection temporal = connection.connect(config)) {
      ReleaseClient client = connection.client(temporal, config);
      ReleaseStatus end = follow(client, composeId, spec.commandLine().getOut(), interval, System.console() != null);
      return end.stage().name().equals("RELEASED") ? 0 : 1;
    }
  }

  /**
   * Redraws the release's progress until it ends and returns its final status. On a terminal the
   * view is redrawn in place; otherwise a new view is printed whenever it changes.
   */
  public static ReleaseStatus follow(ReleaseClient client, String composeId, PrintWriter out, Duration interval, boolean terminal)
      throws InterruptedException {
    String previous = "";
    int previousLines = 0;
    while (true) {
      ReleaseStatus status = client.status(composeId);
      RunningSteps running = status.stage().isFinal() ? RunningSteps.none() : client.running(composeId);
      String view = ProgressView.render(status, running, Instant.now());
      if (terminal) {
        if (previousLines > 0) {
          out.print("\033[" + previousLines + "F\033[J");
        }
        out.print(view);
        previousLines = (int) view.lines().count();
      } else if (!stripTimes(view).equals(stripTimes(previous))) {
        out.print(view);
        out.println();
      }
      out.flush();
      previous = view;
      if (status.stage().isFinal()) {
        return status;
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private static String stripTimes(String view) {
    return view.replaceAll("\\d+[smhd]( \\d+[smh])? ago", "");
  }
}
