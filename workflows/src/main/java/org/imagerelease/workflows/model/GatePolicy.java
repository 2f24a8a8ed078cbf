package org.imagerelease.workflows.model;

import java.util.Arrays;

/** What must happen between upload and replication. */
public enum GatePolicy {
  /** Every image passes every required testcase (a person's approval also opens the gate). */
  TESTS("tests"),
  /** A person approves with the {@code approvePromotion} signal; test results are not awaited. */
  APPROVAL("approval"),
  /** Tests pass and then a person approves. */
  TESTS_AND_APPROVAL("tests+approval"),
  /** The gate is open at once. */
  NONE("none");

  private final String configName;

  GatePolicy(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files and on the command line. */
  public String configName() {
    return configName;
  }

  public boolean needsTests() {
    return this == TESTS || this == TESTS_AND_APPROVAL;
  }

  public boolean needsApproval() {
    return this == APPROVAL || this == TESTS_AND_APPROVAL;
  }

  /** Parses {@code tests}, {@code approval}, {@code tests+approval} or {@code none}. */
  public static GatePolicy fromConfigName(String name) {
    return Arrays.stream(values())
        .filter(p -> p.configName.equalsIgnoreCase(name.trim()) || p.name().equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown gate policy '" + name + "': use tests, approval, tests+approval or none"));
  }
}
