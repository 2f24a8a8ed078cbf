package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * How a release's test gate decides.
 *
 * @param policy what opens the gate
 * @param timeout how long the gate waits in all before the release is compensated
 * @param requiredTestcases ResultsDB testcase names each image must pass, e.g. {@code compose.cloud_autocloud}
 * @param pollInterval how often the gate asks ResultsDB for results no message brought; null
 *     when no ResultsDB is configured (releases started before polling existed have none either)
 * @param testcasesByTarget testcases an image must pass when it goes to this target, instead of
 *     {@code requiredTestcases}; an image going to several targets must pass all their lists.
 *     Empty (also for releases started before targets could have their own) when every target
 *     uses {@code requiredTestcases}
 */
public record GateSettings(
    GatePolicy policy,
    Duration timeout,
    List<String> requiredTestcases,
    Duration pollInterval,
    Map<String, List<String>> testcasesByTarget) {
  public GateSettings {
    if (policy == null) {
      throw new IllegalArgumentException("gate policy must be set");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("gate timeout must be positive, was " + timeout);
    }
    requiredTestcases = requiredTestcases == null ? List.of() : List.copyOf(requiredTestcases);
    if (policy.needsTests() && requiredTestcases.isEmpty()) {
      throw new IllegalArgumentException(
          "gate policy '" + policy.configName() + "' needs at least one required testcase");
    }
    if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
      throw new IllegalArgumentException("ResultsDB poll interval must be positive, was " + pollInterval);
    }
    // Kept in the configured order (Map.copyOf's order differs from JVM to JVM).
    var byTarget = new java.util.LinkedHashMap<String, List<String>>();
    if (testcasesByTarget != null) {
      testcasesByTarget.forEach((target, names) -> byTarget.put(target, List.copyOf(names)));
    }
    testcasesByTarget = java.util.Collections.unmodifiableMap(byTarget);
  }

  /** A gate whose every target needs the same testcases. */
  public GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases, Duration pollInterval) {
    this(policy, timeout, requiredTestcases, pollInterval, Map.of());
  }

  /** A gate that only listens for test result messages: no ResultsDB polling. */
  public GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases) {
    this(policy, timeout, requiredTestcases, null);
  }

  /** The testcases an image going to this target must pass. */
  public List<String> testcasesFor(String target) {
    return List.copyOf(testcasesByTarget.getOrDefault(target, requiredTestcases));
  }

  /** Every testcase some target requires: what a result consumer listens for. */
  public List<String> allTestcases() {
    var all = new LinkedHashSet<>(requiredTestcases);
    testcasesByTarget.values().forEach(all::addAll);
    return List.copyOf(all);
  }

  /** The same gate, with these targets needing their own testcases. */
  public GateSettings withTestcasesByTarget(Map<String, List<String>> byTarget) {
    return new GateSettings(policy, timeout, requiredTestcases, pollInterval, byTarget);
  }

  public static GateSettings none() {
    return new GateSettings(GatePolicy.NONE, Duration.ofDays(1), List.of());
  }

  /** The same gate, polling ResultsDB at this interval; null turns polling off. */
  public GateSettings withPollInterval(Duration interval) {
    return new GateSettings(policy, timeout, requiredTestcases, interval, testcasesByTarget);
  }

  /** Whether the gate waits for test results and asks ResultsDB for them meanwhile. */
  public boolean pollsResultsDb() {
    return policy.needsTests() && pollInterval != null;
  }
}
