package org.imagerelease.workflows.testgate;

import java.util.List;
import org.imagerelease.workflows.model.ImageGatePolicy;

/**
 * What the gate waits for before one image going to one target may go public.
 *
 * @param target the release target
 * @param imageName the image file name
 * @param rule the gate rule that covers it; empty when none does
 * @param policy what it waits for: results ({@code awaited}), approval, nothing, or it is skipped
 * @param awaited the passing results it waits for; empty unless {@code policy} is tests
 * @param problem why the covering rule cannot be applied (its sibling is missing or ambiguous),
 *     so the policy for uncovered images applies instead; empty when none
 */
public record ImageGate(String target, String imageName, String rule, ImageGatePolicy policy, List<AwaitedResult> awaited, String problem) {
  public ImageGate {
    awaited = List.copyOf(awaited);
    problem = problem == null ? "" : problem;
  }

  /** Whether no rule covers the image as configured (none matches, or the matching one cannot apply). */
  public boolean uncovered() {
    return rule.isEmpty() || !problem.isEmpty();
  }
}
