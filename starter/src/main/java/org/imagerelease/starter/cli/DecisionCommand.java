package org.imagerelease.starter.cli;

import java.util.concurrent.Callable;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.Decision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A person's decision on a release, sent as a signal with who and why. */
abstract class DecisionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Parameters(paramLabel = "COMPOSE_ID")
  String composeId;

  @Option(names = {"-m", "--comment"}, required = true, paramLabel = "TEXT", description = "Why: recorded in the release's decisions.")
  String comment;

  @Option(names = "--who", paramLabel = "NAME", description = "Who decides (default: $USER).")
  String who;

  @Override
  public Integer call() {
    ImageReleaseConfig config = connection.config();
    Decision decision = new Decision(who == null ? Who.current() : who, comment);
    try (TemporalConnection temporal = connection.connect(config)) {
      send(connection.client(temporal, config), decision);
    }
    spec.commandLine().getOut().printf("%s release of %s as %s: %s%n", done(), composeId, decision.who(), decision.why());
    return 0;
  }

  abstract void send(ReleaseClient client, Decision decision);

  abstract String done();

  @picocli.CommandLine.Command(name = "approve", description = "Let a release past its gate (approvePromotion signal).")
  static final class Approve extends DecisionCommand {
    @Override
    void send(ReleaseClient client, Decision decision) {
      client.approve(composeId, decision);
    }

    @Override
    String done() {
      return "Approved";
    }
  }

  @picocli.CommandLine.Command(name = "reject", description = "Stop a release at its gate; what it made is undone (rejectPromotion signal).")
  static final class Reject extends DecisionCommand {
    @Override
    void send(ReleaseClient client, Decision decision) {
      client.reject(composeId, decision);
    }

    @Override
    String done() {
      return "Rejected";
    }
  }

  @picocli.CommandLine.Command(name = "cancel", description = "Stop a release at any stage; what it made is undone (cancelRelease signal).")
  static final class Cancel extends DecisionCommand {
    @Override
    void send(ReleaseClient client, Decision decision) {
      client.cancel(composeId, decision);
    }

    @Override
    String done() {
      return "Cancelled";
    }
  }
}
