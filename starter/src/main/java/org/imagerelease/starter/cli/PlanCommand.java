package org.imagerelease.starter.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.imagerelease.activities.compose.ComposeImages;
import org.imagerelease.activities.compose.ComposePlanner;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleasePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Dry run: read a compose and show what would be released where. Needs no Temporal server.")
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configFile;

  @Option(names = "--compose", required = true, paramLabel = "URL|DIR", description = "The compose's top directory, as an http(s) URL or a local directory.")
  String compose;

  @Option(names = "--json", description = "Print the plan as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ImageReleaseConfig config = configFile.load();
    ComposeReader reader = ComposeReader.withDefaults();
    ComposeImages images = reader.readAt(compose);
    ComposeRef ref = new ComposeRef(images.compose().id(), compose);
    ReleasePlan plan = new ComposePlanner(reader).plan(ref, images, config.enabledTargets());
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.of(plan));
      return 0;
    }
    out.printf("Compose %s: %d images in the metadata, %d releases planned%n", ref.composeId(), images.images().size(), plan.images().size());
    if (!images.sourceImages().isEmpty()) {
      out.printf("Source images left out (a release never ships sources): %s%n",
          String.join(", ", images.sourceImages().stream().map(ImageArtifact::path).toList()));
    }
    GateSettings gate = config.gateOfNewReleases();
    out.printf("Gate: %s, timeout %s%n", gate.policy().configName(), Sizes.duration(gate.timeout()));
    for (String target : plan.targets()) {
      List<PlannedImage> planned = plan.images().stream().filter(p -> p.target().equals(target)).toList();
      PlannedImage first = planned.get(0);
      out.printf("%nTarget %s: upload to %s, then copy to %s%n", target, first.primaryLocation(),
          first.replicaLocations().isEmpty() ? "no other location" : String.join(", ", first.replicaLocations()));
      if (gate.policy().needsTests()) {
        List<String> testcases = gate.testcasesFor(target);
        out.printf("  each image must pass: %s%n", testcases.isEmpty() ? "nothing (no testcases for this target)" : String.join(", ", testcases));
      }
      for (PlannedImage image : planned) {
        out.printf("  %-70s %10s  %s %s%n", image.image().path(), Sizes.bytes(image.image().size()), image.image().type(), image.image().arch());
      }
    }
    if (plan.images().isEmpty()) {
      out.println("No configured target selects any image of this compose: a release would do nothing.");
    }
    config.unavailableTargets().forEach(t -> out.printf("Note: [consumer_config.%s] is configured but this version cannot release to %s; ignored.%n", t, t));
    return 0;
  }
}
