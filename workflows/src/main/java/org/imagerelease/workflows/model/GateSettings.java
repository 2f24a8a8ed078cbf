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
 * @param rules the gate rules: which images wait for which results (or approval, or nothing);
 *     when there are any they decide, and {@code requiredTestcases} and {@code testcasesByTarget}
 *     are not used. Empty (also for releases started before rules existed): every image must pass
 *     {@link #testcasesFor} its target
 * @param uncovered what happens to an image no rule covers: approval, release-untested or skip;
 *     null (releases started before rules existed) means approval
 */
public record GateSettings(
    GatePolicy policy,
    Duration timeout,
    List<String> requiredTestcases,
    Duration pollInterval,
    Map<String, List<String>> testcasesByTarget,
    List<GateRule> rules,
    ImageGatePolicy uncovered) {
  public GateSettings {
    if (policy == null) {
      throw new IllegalArgumentException("gate policy must be set");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("gate timeout must be positive, was " + timeout);
    }
    requiredTestcases = requiredTestcases == null ? List.of() : List.copyOf(requiredTestcases);
    rules = rules == null ? List.of() : List.copyOf(rules);
    if (policy.needsTests() && requiredTestcases.isEmpty() && rules.isEmpty()) {
      throw new IllegalArgumentException(
          "gate policy '" + policy.configName() + "' needs at least one required testcase or gate rule");
    }
    if (uncovered == ImageGatePolicy.TESTS) {
      throw new IllegalArgumentException("images no gate rule covers have no testcases to wait for: use approval, release-untested or skip");
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

  /** A gate without rules: every image passes its target's testcases. */
  public GateSettings(
      GatePolicy policy, Duration timeout, List<String> requiredTestcases, Duration pollInterval, Map<String, List<String>> testcasesByTarget) {
    this(policy, timeout, requiredTestcases, pollInterval, testcasesByTarget, List.of(), null);
  }

  /** A gate whose every target needs the same testcases. */
  public GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases, Duration pollInterval) {
    this(policy, timeout, requiredTestcases, pollInterval, Map.of());
  }

  /** A gate decided by rules. */
  public static GateSettings withRules(GatePolicy policy, Duration timeout, List<GateRule> rules, ImageGatePolicy uncovered) {
    return new GateSettings(policy, timeout, List.of(), null, Map.of(), rules, uncovered);
  }

  /** Whether rules decide what each image waits for. */
  public boolean hasRules() {
    return !rules.isEmpty();
  }

  /** The policy of images no rule covers. */
  public ImageGatePolicy uncoveredPolicy() {
    return uncovered == null ? ImageGatePolicy.APPROVAL : uncovered;
  }

  /** A gate that only listens for test result messages: no ResultsDB polling. */
  public GateSettings(GatePolicy policy, Duration timeout, List<String> requiredTestcases) {
    this(policy, timeout, requiredTestcases, null);
  }

  /** The testcases an image going to this target must pass. */
  public List<String> testcasesFor(String target) {
    return List.copyOf(testcasesByTarget.getOrDefault(target, requiredTestcases));
  }

  /** Every testcase some target or rule requires: what a result consumer listens for. */
  public List<String> allTestcases() {
    var all = new LinkedHashSet<>(requiredTestcases);
    testcasesByTarget.values().forEach(all::addAll);
    rules.forEach(rule -> {
      all.addAll(rule.testcases());
      all.addAll(rule.siblingTestcases());
    });
    return List.copyOf(all);
  }

  /** The same gate, with these targets needing their own testcases. */
  public GateSettings withTestcasesByTarget(Map<String, List<String>> byTarget) {
    return new GateSettings(policy, timeout, requiredTestcases, pollInterval, byTarget, rules, uncovered);
  }

  /** The same gate with another policy, timeout and, when given, testcases instead of its rules (the CLI's overrides). */
  public GateSettings overridden(GatePolicy otherPolicy, Duration otherTimeout, List<String> testcasesInsteadOfRules) {
    if (testcasesInsteadOfRules == null) {
      return new GateSettings(otherPolicy, otherTimeout, requiredTestcases, pollInterval, testcasesByTarget, rules, uncovered);
    }
    return new GateSettings(otherPolicy, otherTimeout, testcasesInsteadOfRules, pollInterval, testcasesByTarget, List.of(), null);
  }

  public static GateSettings none() {
    return new GateSettings(GatePolicy.NONE, Duration.ofDays(1), List.of());
  }

  /** The same gate, polling ResultsDB at this interval; null turns polling off. */
  public GateSettings withPollInterval(Duration interval) {
    return new GateSettings(policy, timeout, requiredTestcases, interval, testcasesByTarget, rules, uncovered);
  }

  /** Whether the gate waits for test results and asks ResultsDB for them meanwhile. */
  public boolean pollsResultsDb() {
    return policy.needsTests() && pollInterval != null;
  }
}
