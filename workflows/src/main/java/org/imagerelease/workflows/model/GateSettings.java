package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.List;

/**
 * How a release's test gate decides.
 *
 * @param policy what opens the gate
 * @param timeout how long the gate waits in all before the release is compensated
 * @param requiredTestcases ResultsDB testcase names each image must pass, e.g. {@code compose.cloud_autocloud}
 */
public record GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases) {
  public GateSettings {
    if (policy == null) {
      throw new IllegalArgumentException("gate policy must be set");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("gate timeout must be positive, was " + timeout);
    }
    requiredTestcases = List.copyOf(requiredTestcases);
    if (policy.needsTests() && requiredTestcases.isEmpty()) {
      throw new IllegalArgumentException(
          "gate policy '" + policy.configName() + "' needs at least one required testcase");
    }
  }

  public static GateSettings none() {
    return new GateSettings(GatePolicy.NONE, Duration.ofDays(1), List.of());
  }
}
