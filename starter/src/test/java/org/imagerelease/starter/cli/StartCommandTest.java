package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartCommandTest {
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";

  @TempDir Path dir;

  @Test
  void aConfiguredResultsDbMakesTheGatePollIt() throws Exception {
    ImageReleaseConfig config = configFile("""
        [consumer_config.resultsdb]
        url = "https://resultsdb.example.org/api/v2.0"
        poll_interval = "10m"
        """);

    GateSettings gate = command().request(config, COMPOSE_ID).gate();

    assertThat(gate.pollInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(gate.pollsResultsDb()).isTrue();
  }

  @Test
  void withoutAResultsDbTheGateOnlyListens() {
    GateSettings gate = command().request(new ConfigLoader(Map.of()).defaults(), COMPOSE_ID).gate();

    assertThat(gate.pollInterval()).isNull();
  }

  @Test
  void commandLineOverridesKeepThePollInterval() throws Exception {
    ImageReleaseConfig config = configFile("""
        [consumer_config.resultsdb]
        url = "https://resultsdb.example.org/api/v2.0"
        """);
    StartCommand command = command();
    command.gate = "tests+approval";
    command.testcases = List.of("compose.cloud_smoke");

    GateSettings gate = command.request(config, COMPOSE_ID).gate();

    assertThat(gate).isEqualTo(new GateSettings(GatePolicy.TESTS_AND_APPROVAL, Duration.ofHours(24), List.of("compose.cloud_smoke"), Duration.ofMinutes(5)));
  }

  @Test
  void withoutTestcaseOverridesTheConfiguredGateRulesAreKept() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();
    StartCommand command = command();
    command.gate = "tests+approval";

    GateSettings gate = command.request(config, COMPOSE_ID).gate();

    assertThat(gate.rules()).isEqualTo(config.gate().rules());
    assertThat(gate.policy()).isEqualTo(GatePolicy.TESTS_AND_APPROVAL);
  }

  private StartCommand command() {
    StartCommand command = new StartCommand();
    command.compose = "https://kojipkgs.example.org/compose/" + COMPOSE_ID;
    return command;
  }

  private ImageReleaseConfig configFile(String toml) throws Exception {
    return new ConfigLoader(Map.of()).load(Optional.of(Files.writeString(dir.resolve("config.toml"), toml)));
  }
}
