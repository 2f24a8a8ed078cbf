package org.imagerelease.starter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.imagerelease.activities.compose.ComposeImages;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.starter.spec.FuelImageSpec;
import org.imagerelease.worker.PlanChecks;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleasePlan;
import org.imagerelease.workflows.testgate.GateRules;
import org.imagerelease.workflows.testgate.ImageGate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    description = {
      "Dry run: read a compose and show what would be released where, and per image what its gate waits for:",
      "the gate rule that covers it, the testcases and whose results (its own file, or its sibling's) count, or approval.",
      "Warns about every image whose gate cannot pass as configured. Needs no Temporal server."
    })
public final class PlanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configFile;

  @Option(names = "--compose", paramLabel = "URL|DIR", description = "The compose's top directory, as an http(s) URL or a local directory.")
  String compose;

  @Option(names = "--spec", paramLabel = "FILE", description = "Instead of a compose: a Fuel image build spec (see image-release start --help); nothing is written.")
  Path imageSpec;

  @Option(names = "--json", description = "Print the plan, each image's gate, the source images left out and the warnings as JSON.")
  boolean json;

  /**
   * What {@code plan} found.
   *
   * @param plan the images each target releases
   * @param gates what each planned image's gate waits for; empty when the gate has no rules
   * @param sourceImages source images the metadata lists, never released
   * @param warnings images whose gate cannot pass as the rules say, and images no rule covers
   */
  public record PlanReport(ReleasePlan plan, List<ImageGate> gates, List<String> sourceImages, List<String> warnings) {}

  @Override
  public Integer call() throws Exception {
    if ((compose == null) == (imageSpec == null)) {
      throw new ParameterException(spec.commandLine(), "give either --compose URL|DIR or --spec FILE");
    }
    ImageReleaseConfig config = configFile.load();
    ComposeImages images;
    String location;
    if (imageSpec != null) {
      FuelImageSpec fuel = FuelImageSpec.read(imageSpec);
      images = fuel.images();
      location = fuel.output().toString();
    } else {
      location = ComposeArgument.withoutCredentials(compose, spec.commandLine().getErr());
      // Read wherever the person at the terminal points; the report says if workers would refuse it.
      images = ComposeReader.withDefaults(ComposeSources.anywhere()).readAt(location);
    }
    PlanReport report = report(config, images, new ComposeRef(images.compose().id(), location));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.of(report));
      return 0;
    }
    print(out, config, images, report);
    return 0;
  }

  /** The plan of the compose under this configuration, with every image's gate. */
  public static PlanReport report(ImageReleaseConfig config, ComposeImages images, ComposeRef ref) {
    // The release's own planner and checks: what passes here passes its RESOLVING step.
    ReleasePlan plan = PlanChecks.planner(config).plan(ref, images, config.enabledTargets());
    GateSettings gate = config.gateOfNewReleases();
    List<ImageGate> gates = gate.hasRules() ? GateRules.resolve(gate, plan.images(), plan.composeImages()) : List.of();
    List<String> warnings = new ArrayList<>();
    refusedLocation(config, ref).ifPresent(warnings::add);
    for (ImageGate imageGate : gates) {
      if (!imageGate.problem().isEmpty()) {
        warnings.add(imageGate.target() + ":" + imageGate.imageName() + ": its gate cannot pass as rule '" + imageGate.rule() + "' says: "
            + imageGate.problem() + "; images no rule covers: " + gate.uncoveredPolicy().configName());
      } else if (imageGate.rule().isEmpty()) {
        warnings.add(imageGate.target() + ":" + imageGate.imageName() + ": no gate rule covers it; images no rule covers: "
            + gate.uncoveredPolicy().configName());
      }
    }
    return new PlanReport(plan, gates, images.sourceImages().stream().map(ImageArtifact::path).toList(), warnings);
  }

  /**
   * Why workers of this configuration would fail the compose's release at once, as they hold every
   * compose to the allowed locations whoever started it ({@code SourceNotAllowed}).
   */
  static Optional<String> refusedLocation(ImageReleaseConfig config, ComposeRef ref) {
    return config.composeSources().whyRefused(ref.location())
        .map(why -> "compose " + ref.composeId() + ": " + why + "; workers with this configuration fail its release (SourceNotAllowed)");
  }

  private static void print(PrintWriter out, ImageReleaseConfig config, ComposeImages images, PlanReport report) {
    ReleasePlan plan = report.plan();
    out.printf("Compose %s: %d images in the metadata, %d releases planned%n", TerminalText.of(plan.compose().composeId()), images.images().size(), plan.images().size());
    if (!report.sourceImages().isEmpty()) {
      out.printf("Source images left out (a release never ships sources): %s%n", TerminalText.of(String.join(", ", report.sourceImages())));
    }
    GateSettings gate = config.gateOfNewReleases();
    out.printf("Gate: %s, timeout %s%s%n", gate.policy().configName(), Sizes.duration(gate.timeout()),
        gate.hasRules() ? "; " + gate.rules().size() + " rules, images no rule covers: " + gate.uncoveredPolicy().configName() : "");
    for (String target : plan.targets()) {
      List<PlannedImage> planned = plan.images().stream().filter(p -> p.target().equals(target)).toList();
      PlannedImage first = planned.get(0);
      out.printf("%nTarget %s: upload to %s, then copy to %s%n", TerminalText.of(target), TerminalText.of(first.primaryLocation()),
          first.replicaLocations().isEmpty() ? "no other location" : TerminalText.of(String.join(", ", first.replicaLocations())));
      if (gate.policy().needsTests() && !gate.hasRules()) {
        List<String> testcases = gate.testcasesFor(target);
        out.printf("  each image must pass: %s%n", testcases.isEmpty() ? "nothing (no testcases for this target)" : String.join(", ", testcases));
      }
      for (PlannedImage image : planned) {
        out.printf("  %-70s %10s  %s %s%n", TerminalText.of(image.image().path()), Sizes.bytes(image.image().size()),
            TerminalText.of(image.image().type()), TerminalText.of(image.image().arch()));
        report.gates().stream()
            .filter(g -> g.target().equals(target) && g.imageName().equals(image.image().fileName()))
            .findFirst()
            .ifPresent(g -> out.printf("      gate: %s%n", TerminalText.of(describe(g))));
      }
    }
    if (plan.images().isEmpty()) {
      out.println("No configured target selects any image of this compose: a release would do nothing.");
    }
    if (!report.warnings().isEmpty()) {
      out.printf("%nWarnings:%n");
      report.warnings().forEach(warning -> out.printf("  %s%n", TerminalText.of(warning)));
    }
    config.unavailableTargets().forEach(t -> out.printf("Note: [consumer_config.%s] is configured but this version cannot release to %s; ignored.%n", t, t));
  }

  /** What one image's gate waits for, in a line. */
  static String describe(ImageGate gate) {
    String rule = gate.rule().isEmpty() ? "no rule covers it" : "rule " + gate.rule() + (gate.problem().isEmpty() ? "" : " cannot apply");
    String waits =
        switch (gate.policy()) {
          case TESTS -> "passing " + String.join(", ", gate.awaited().stream().map(Object::toString).toList());
          case APPROVAL -> "a person's approval";
          case RELEASE_UNTESTED -> "nothing: released untested";
          case SKIP -> "not released (skipped)";
        };
    return rule + ": " + waits;
  }
}
