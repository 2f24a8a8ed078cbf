package org.imagerelease.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets are modules: the configuration, the plan, the gate and the events come from the registry. */
class TargetModulesTest {
  @TempDir Path dir;

  @Test
  void everyModuleReadsItsOwnTableAndHasAPublishedFormat() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();

    assertThat(config.targets()).extracting(TargetConfig::name).containsExactlyElementsOf(TargetModules.names());
    assertThat(TargetModules.publishedFormats()).containsOnlyKeys(TargetModules.names());
    for (TargetModule module : TargetModules.all()) {
      assertThat(TargetModules.named(module.name())).contains(module);
      assertThat(TargetModules.NOT_YET_SUPPORTED).doesNotContain(module.name());
    }
  }

  @Test
  void aTargetsOwnTestcasesReachTheGateOfNewReleases() throws IOException {
    ImageReleaseConfig config =
        load("[consumer_config.gate]\ntestcases = [\"compose.cloud_autocloud\"]\n[consumer_config.mirror]\ntestcases = [\"compose.mirror_smoke\"]\n");

    assertThat(config.gateOfNewReleases().testcasesFor("mirror")).containsExactly("compose.mirror_smoke");
    assertThat(config.target(MirrorConfig.class).testcases()).contains(java.util.List.of("compose.mirror_smoke"));
  }

  @Test
  void aDisabledTargetIsNeitherPlannedNorBuilt() throws IOException {
    ImageReleaseConfig config = load("[consumer_config.mirror]\nenabled = false\n");

    assertThat(config.enabledTargets()).isEmpty();
    assertThat(config.enabled()).isEmpty();
    assertThat(config.targets()).hasSize(TargetModules.all().size());
  }

  @Test
  void aMisspeltKeyInATargetTableIsNamedWithItsTable() throws IOException {
    assertThatThrownBy(() -> load("[consumer_config.mirror]\nenabeld = false\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key [enabeld] in [consumer_config.mirror]");
  }

  private ImageReleaseConfig load(String toml) throws IOException {
    Path file = Files.writeString(dir.resolve("config.toml"), toml);
    return new ConfigLoader(Map.of()).load(Optional.of(file));
  }
}
