package org.imagerelease.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatePolicyTest {

  @Test
  void parsesTheNamesUsedInConfiguration() {
    assertThat(GatePolicy.fromConfigName("tests")).isEqualTo(GatePolicy.TESTS);
    assertThat(GatePolicy.fromConfigName("approval")).isEqualTo(GatePolicy.APPROVAL);
    assertThat(GatePolicy.fromConfigName("tests+approval")).isEqualTo(GatePolicy.TESTS_AND_APPROVAL);
    assertThat(GatePolicy.fromConfigName(" None ")).isEqualTo(GatePolicy.NONE);
  }

  @Test
  void unknownPolicyNamesTheAllowedOnes() {
    assertThatThrownBy(() -> GatePolicy.fromConfigName("maybe"))
        .hasMessageContaining("'maybe'")
        .hasMessageContaining("tests+approval");
  }

  @Test
  void aTestPolicyWithoutTestcasesIsRefused() {
    assertThatThrownBy(() -> new GateSettings(GatePolicy.TESTS, Duration.ofHours(1), List.of()))
        .hasMessageContaining("at least one required testcase");
  }
}
