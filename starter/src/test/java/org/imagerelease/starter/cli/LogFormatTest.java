package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  @Test
  void theEnvironmentVariableSelectsJson() {
    assertThat(LogFormat.chosen(null, Map.of("IMAGE_RELEASE_LOG_FORMAT", "json"))).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.chosen(null, Map.of("IMAGE_RELEASE_LOG_FORMAT", " JSON "))).isEqualTo(LogFormat.JSON);
  }

  @Test
  void withoutOptionOrVariableLogsAreText() {
    assertThat(LogFormat.chosen(null, Map.of())).isEqualTo(LogFormat.TEXT);
    assertThat(LogFormat.chosen(null, Map.of("IMAGE_RELEASE_LOG_FORMAT", ""))).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void theOptionWinsOverTheEnvironment() {
    assertThat(LogFormat.chosen(LogFormat.TEXT, Map.of("IMAGE_RELEASE_LOG_FORMAT", "json"))).isEqualTo(LogFormat.TEXT);
  }

  @Test
  void anUnknownFormatInTheEnvironmentSaysWhichAreKnown() {
    assertThatThrownBy(() -> LogFormat.chosen(null, Map.of("IMAGE_RELEASE_LOG_FORMAT", "xml")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IMAGE_RELEASE_LOG_FORMAT=xml is no log format: use text or json");
  }
}
