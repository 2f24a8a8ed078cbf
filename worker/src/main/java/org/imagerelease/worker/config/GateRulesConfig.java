package org.imagerelease.worker.config;

import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.workflows.model.GateRule;
import org.imagerelease.workflows.model.ImageGatePolicy;

/**
 * {@code [[consumer_config.gate.rules]]} and the built-in rules for Fedora's composes, which apply
 * when the file names neither rules nor {@code testcases}.
 *
 * <p>The built-in rules follow what Fedora's openQA tests (fedora_openqa's {@code WANTED} list): of
 * the Cloud images only the Cloud_Base qcow2 on x86_64, aarch64 and ppc64le, reported to ResultsDB
 * as {@code compose.cloud_autocloud}. The other Cloud_Base images of those arches (AmazonEC2
 * raw.xz, Azure vhd, GCE tar.gz, Vagrant boxes) are built from the same description in the same
 * compose, so the qcow2's result counts for them; s390x has no openQA cloud test, so a person
 * approves; anything else no rule covers waits for approval too.
 */
final class GateRulesConfig {
  static final String OPENQA_TESTCASE = "compose.cloud_autocloud";
  static final List<String> OPENQA_CLOUD_ARCHES = List.of("x86_64", "aarch64", "ppc64le");

  private GateRulesConfig() {}

  /** The rules for Fedora's composes. */
  static List<GateRule> fedoraDefaults() {
    return List.of(
        new GateRule("openqa-tests-the-qcow2", List.of(), List.of("Cloud_Base"), List.of("qcow2"), List.of("qcow2"), OPENQA_CLOUD_ARCHES, List.of(),
            ImageGatePolicy.TESTS, List.of(OPENQA_TESTCASE), List.of(), List.of(), List.of()),
        new GateRule("same-bits-as-the-tested-qcow2", List.of(), List.of("Cloud_Base"), List.of(), List.of(), OPENQA_CLOUD_ARCHES, List.of(),
            ImageGatePolicy.TESTS, List.of(), List.of(OPENQA_TESTCASE), List.of("qcow2"), List.of("qcow2")),
        new GateRule("no-openqa-cloud-test-on-s390x", List.of(), List.of("Cloud_Base"), List.of(), List.of(), List.of("s390x"), List.of(),
            ImageGatePolicy.APPROVAL, List.of(), List.of(), List.of(), List.of()));
  }

  /** Reads every rule table, in order; unknown keys are errors (a misspelt match would widen the rule). */
  static List<GateRule> read(List<TomlTable> tables) {
    List<GateRule> rules = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      rules.add(rule(tables.get(i), i + 1));
    }
    return rules;
  }

  private static GateRule rule(TomlTable table, int number) {
    ImageGatePolicy policy;
    try {
      policy = ImageGatePolicy.fromConfigName(table.string("policy", ImageGatePolicy.TESTS.configName()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(table.path() + ".policy: " + e.getMessage());
    }
    TomlTable sibling = table.table("sibling");
    try {
      GateRule rule =
          new GateRule(
              table.string("name", "rule " + number),
              table.strings("variants", List.of()),
              table.strings("subvariants", List.of()),
              table.strings("types", List.of()),
              table.strings("formats", List.of()),
              table.strings("arches", List.of()),
              table.strings("targets", List.of()),
              policy,
              table.strings("testcases", List.of()),
              sibling.strings("testcases", List.of()),
              sibling.strings("types", List.of()),
              sibling.strings("formats", List.of()));
      sibling.rejectUnknownKeys();
      table.rejectUnknownKeys();
      return rule;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(table.path() + ": " + e.getMessage());
    }
  }
}
