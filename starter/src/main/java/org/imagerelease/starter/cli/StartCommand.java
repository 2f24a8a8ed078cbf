package org.imagerelease.starter.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.imagerelease.activities.compose.ComposeLocation;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.StartedRelease;
import org.imagerelease.starter.spec.FuelImageSpec;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "start",
    description = {
      "Start the release of a compose. A compose has one release: starting it again shows the existing one.",
      "The compose id is read from the compose's metadata/images.json."
    })
public final class StartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  @Option(names = "--compose", paramLabel = "URL|DIR", description = {
        "The compose's top directory (the one holding metadata/), as an http(s) URL or a local directory.",
        "Workers fail the release of a compose not under their [consumer_config.composes] allowed_locations (a directory: allow_local_paths = true);",
        "start warns when this configuration would."
      })
  String compose;

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description = {
        "Instead of a compose: a Fuel image build spec (image_data by mount point with uri, format, container; output).",
        "Its images in output are described as productmd metadata in output/metadata/images.json (variant Fuel) and",
        "released like a compose's: a target releases them when its selection takes variant Fuel. The workers must see output."
      })
  Path imageSpec;

  @Option(names = "--gate", paramLabel = "POLICY", description = "Override the gate policy: tests, approval, tests+approval or none.")
  String gate;

  @Option(names = "--gate-timeout", paramLabel = "DURATION", description = "Override how long the gate waits, e.g. 12h, PT30M.")
  Duration gateTimeout;

  @Option(names = "--testcase", paramLabel = "NAME", description = "Every image must pass these testcases, its own results, instead of the gate rules (repeatable).")
  List<String> testcases;

  @Option(names = "--again", description = "Start a new run for a compose whose release has ended (a running release is never doubled).")
  boolean again;

  @Override
  public Integer call() throws Exception {
    ImageReleaseConfig config = connection.config();
    String composeId;
    if ((compose == null) == (imageSpec == null)) {
      throw new ParameterException(spec.commandLine(), "give either --compose URL|DIR or --spec FILE");
    }
    if (imageSpec != null) {
      FuelImageSpec fuel = FuelImageSpec.read(imageSpec);
      var written = fuel.writeMetadata();
      compose = fuel.output().toString();
      composeId = fuel.composeId();
      spec.commandLine().getOut().printf("Described the images of %s in %s%n", TerminalText.of(imageSpec), TerminalText.of(written));
    } else {
      compose = ComposeArgument.withoutCredentials(compose, spec.commandLine().getErr());
      ComposeLocation.parse(compose);
      // Read wherever the person at the terminal points: the workers hold the release to the allowed locations.
      composeId = ComposeReader.withDefaults(ComposeSources.anywhere()).readAt(compose).compose().id();
    }
    PlanCommand.refusedLocation(config, new ComposeRef(composeId, compose))
        .ifPresent(why -> spec.commandLine().getErr().printf("Warning: %s%n", TerminalText.of(why)));
    ReleaseRequest request = request(config, composeId);
    GateSettings gateSettings = request.gate();
    try (TemporalConnection temporal = connection.connect(config)) {
      ReleaseClient client = connection.client(temporal, config);
      StartedRelease started = client.start(request, again);
      var out = spec.commandLine().getOut();
      if (started.alreadyExisted()) {
        out.printf("Compose %s already has a release: %s (run %s); nothing new started.%n",
            TerminalText.of(composeId), TerminalText.of(started.workflowId()), TerminalText.of(started.runId()));
        out.printf("Use --again to release an ended compose once more.%n");
      } else {
        out.printf("Started release %s (run %s), gate %s.%n", TerminalText.of(started.workflowId()), TerminalText.of(started.runId()), gateSettings.policy().configName());
        out.printf("Follow it with: image-release watch %s%n", TerminalText.of(composeId));
      }
    }
    return 0;
  }

  /**
   * The release of the compose: the configured gate with this command's overrides, asking
   * ResultsDB for results every configured interval when a ResultsDB URL is configured.
   */
  ReleaseRequest request(ImageReleaseConfig config, String composeId) {
    ReleaseSettings settings = config.releaseSettings();
    GateSettings configured = settings.gate();
    GateSettings gateSettings =
        configured.overridden(
            gate == null ? configured.policy() : GatePolicy.fromConfigName(gate),
            gateTimeout == null ? configured.timeout() : gateTimeout,
            testcases);
    return settings.withGate(gateSettings).requestFor(new ComposeRef(composeId, compose), "cli:" + Who.current());
  }
}
