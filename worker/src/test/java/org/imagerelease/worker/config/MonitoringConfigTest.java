package org.imagerelease.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringConfigTest {
  @TempDir Path dir;

  @Test
  void withoutMonitoringTheServerListensOnEveryInterfaceOnPort8070() {
    MonitoringSettings monitoring = new ConfigLoader(Map.of()).defaults().monitoring();

    assertThat(monitoring).isEqualTo(new MonitoringSettings("", 8070));
    assertThat(monitoring.socketAddress().getAddress().isAnyLocalAddress()).isTrue();
  }

  @Test
  void fedoraMessagingsMonitoringTableSetsAddressAndPort() throws IOException {
    ImageReleaseConfig config = load(Map.of(), "[monitoring]\naddress = \"127.0.0.1\"\nport = 9100\ncolour = \"red\"\n");

    assertThat(config.monitoring()).isEqualTo(new MonitoringSettings("127.0.0.1", 9100));
    assertThat(config.warnings()).anySatisfy(warning -> assertThat(warning).contains("[monitoring] has key colour"));
  }

  @Test
  void theEnvironmentOverridesThePort() throws IOException {
    ImageReleaseConfig config = load(Map.of(MonitoringSettings.PORT_ENV, "9200"), "[monitoring]\nport = 9100\n");

    assertThat(config.monitoring().port()).isEqualTo(9200);
    assertThatThrownBy(() -> load(Map.of(MonitoringSettings.PORT_ENV, "eighty"), ""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(MonitoringSettings.PORT_ENV);
    assertThatThrownBy(() -> load(Map.of(), "[monitoring]\nport = 70000\n")).isInstanceOf(ConfigException.class).hasMessageContaining("port");
  }

  private ImageReleaseConfig load(Map<String, String> environment, String toml) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "config", ".toml"), toml);
    return new ConfigLoader(environment).load(Optional.of(file));
  }
}
