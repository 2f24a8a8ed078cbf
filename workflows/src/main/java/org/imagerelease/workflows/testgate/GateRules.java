package org.imagerelease.workflows.testgate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imagerelease.workflows.model.GateRule;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.model.PlannedImage;

/**
 * Applies a gate's rules to a plan: for every planned image, the first rule that covers it and
 * the results it waits for; an image no rule covers, or whose rule cannot apply because its
 * sibling is missing or ambiguous, gets the gate's policy for uncovered images. Deterministic (the
 * workflow runs it) and free of I/O (so does {@code image-release plan}).
 */
public final class GateRules {
  private GateRules() {}

  /**
   * @param gate the gate, with rules
   * @param planned the images the release would upload, per target
   * @param composeImages every binary image of the compose, where siblings are looked for; when
   *     empty (a plan written before plans carried them) the planned images are looked in
   */
  public static List<ImageGate> resolve(GateSettings gate, List<PlannedImage> planned, List<ImageArtifact> composeImages) {
    List<ImageArtifact> candidates =
        composeImages.isEmpty() ? planned.stream().map(PlannedImage::image).distinct().toList() : composeImages;
    List<ImageGate> gates = new ArrayList<>();
    for (PlannedImage image : planned) {
      gates.add(gateOf(gate, image, candidates));
    }
    return List.copyOf(gates);
  }

  private static ImageGate gateOf(GateSettings gate, PlannedImage planned, List<ImageArtifact> candidates) {
    ImageArtifact image = planned.image();
    Optional<GateRule> covering = gate.rules().stream().filter(rule -> rule.covers(planned.target(), image)).findFirst();
    if (covering.isEmpty()) {
      return new ImageGate(planned.target(), image.fileName(), "", gate.uncoveredPolicy(), List.of(), "");
    }
    GateRule rule = covering.get();
    if (rule.policy() != ImageGatePolicy.TESTS) {
      return new ImageGate(planned.target(), image.fileName(), rule.name(), rule.policy(), List.of(), "");
    }
    List<AwaitedResult> awaited = new ArrayList<>();
    rule.testcases().forEach(testcase -> awaited.add(new AwaitedResult(testcase, image.fileName())));
    if (!rule.siblingTestcases().isEmpty()) {
      List<ImageArtifact> siblings = candidates.stream().filter(candidate -> rule.isSiblingOf(candidate, image)).distinct().toList();
      if (siblings.size() != 1) {
        String problem =
            "rule '" + rule.name() + "' counts the results of " + rule.describeSibling() + ", and the compose has "
                + (siblings.isEmpty() ? "none" : siblings.size() + ": " + String.join(", ", siblings.stream().map(ImageArtifact::fileName).toList()));
        return new ImageGate(planned.target(), image.fileName(), rule.name(), gate.uncoveredPolicy(), List.of(), problem);
      }
      String sibling = siblings.get(0).fileName();
      rule.siblingTestcases().forEach(testcase -> awaited.add(new AwaitedResult(testcase, sibling)));
    }
    return new ImageGate(planned.target(), image.fileName(), rule.name(), ImageGatePolicy.TESTS, awaited, "");
  }
}
