package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.List;

/**
 * How a release's test gate decides.
 *
 * @param policy what opens the gate
 * @param timeout how long the gate waits in all before the release is compensated
 * @param requiredTestcases ResultsDB testcase names each image must pass, e.g. {@code compose.cloud_autocloud}
 * @param pollInterval how often the gate asks ResultsDB for results no message brought; null
 *     when no ResultsDB is configured (releases started before polling existed have none either)
 */
public record GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases, Duration pollInterval) {
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
    if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
      throw new IllegalArgumentException("ResultsDB poll interval must be positive, was " + pollInterval);
    }
  }

  /** A gate that only listens for test result messages: no ResultsDB polling. */
  public GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases) {
    this(policy, timeout, requiredTestcases, null);
  }

  public static GateSettings none() {
    return new GateSettings(GatePolicy.NONE, Duration.ofDays(1), List.of());
  }

  /** The same gate, polling ResultsDB at this interval; null turns polling off. */
  public GateSettings withPollInterval(Duration interval) {
    return new GateSettings(policy, timeout, requiredTestcases, interval);
  }

  /** Whether the gate waits for test results and asks ResultsDB for them meanwhile. */
  public boolean pollsResultsDb() {
    return policy.needsTests() && pollInterval != null;
  }
}
