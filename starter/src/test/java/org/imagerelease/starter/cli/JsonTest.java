package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Sample(String stage, Instant at, Duration took, List<String> files) {}

  @Test
  void writesFieldsAsScriptsGrepForThemAndArrayElementsOnTheirOwnLines() {
    String json = Json.of(new Sample("RELEASED", Instant.parse("2026-11-24T06:00:00Z"), Duration.ofMillis(2500), List.of("/a", "/b")));

    assertThat(json)
        .contains("\"stage\": \"RELEASED\"")
        .contains("\"at\": \"2026-11-24T06:00:00Z\"")
        .contains("\"took\": \"PT2.5S\"")
        .doesNotContain("\" : ");
    assertThat(json.lines()).contains("    \"/a\",", "    \"/b\"");
  }
}
