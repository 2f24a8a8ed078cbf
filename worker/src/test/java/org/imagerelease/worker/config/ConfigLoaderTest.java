package org.imagerelease.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.workflows.model.GatePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void withoutAFileEverySettingHasASaneDefault() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();

    assertThat(config.source()).isEqualTo("built-in defaults");
    assertThat(config.temporal().target()).isEqualTo("127.0.0.1:7233");
    assertThat(config.temporal().namespace()).isEqualTo("default");
    assertThat(config.temporal().taskQueue()).isEqualTo("image-release");
    assertThat(config.gate().policy()).isEqualTo(GatePolicy.TESTS);
    assertThat(config.gate().requiredTestcases()).containsExactly("compose.cloud_autocloud");
    assertThat(config.gate().timeout()).isEqualTo(Duration.ofHours(24));
    assertThat(config.transfer().blockSize()).isEqualTo(512 * 1024);
    assertThat(config.enabledTargets()).extracting(t -> t.name()).containsExactly("mirror");
  }

  @Test
  void readsOurSettingsFromAFedoraMessagingFile() throws IOException {
    Path file =
        write(
            """
            amqp_url = "amqp://guest:guest@localhost:5672/%2F"
            callback = "image_release:Consumer"
            topic_prefix = "org.fedoraproject.prod"

            [[bindings]]
            queue = "image-release"
            exchange = "amq.topic"
            routing_keys = ["org.fedoraproject.*.pungi.compose.status.change"]

            [consumer_config.temporal]
            target = "temporal-frontend:7233"
            namespace = "releng"

            [consumer_config.gate]
            policy = "tests+approval"
            timeout = "36h"
            testcases = ["compose.cloud_autocloud", "compose.cloud_smoke"]

            [consumer_config.transfer]
            block_size = "1MiB"
            max_image_size = "32GiB"
            read_timeout = "45s"

            [[consumer_config.mirror.roots]]
            name = "dl-primary"
            path = "/srv/pub/cloud"
            public_url = "https://dl.example.org/pub/cloud"

            [[consumer_config.mirror.roots]]
            name = "dl-secondary"
            path = "/srv/pub2/cloud"

            [consumer_config.worker]
            shutdown_grace = "90s"
            """);

    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(file));

    assertThat(config.temporal().target()).isEqualTo("temporal-frontend:7233");
    assertThat(config.temporal().namespace()).isEqualTo("releng");
    assertThat(config.gate().policy()).isEqualTo(GatePolicy.TESTS_AND_APPROVAL);
    assertThat(config.gate().timeout()).isEqualTo(Duration.ofHours(36));
    assertThat(config.gate().requiredTestcases()).hasSize(2);
    assertThat(config.transfer().blockSize()).isEqualTo(1 << 20);
    assertThat(config.transfer().maxDecodedSize()).isEqualTo(32L << 30);
    assertThat(config.transfer().readTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.mirror().settings().primary().publicBaseUrl()).isEqualTo("https://dl.example.org/pub/cloud/");
    assertThat(config.enabledTargets().get(0).replicaLocations()).containsExactly("dl-secondary");
    assertThat(config.worker().shutdownGrace()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void theEnvironmentNamesTheFileAndOverridesTheTemporalAddress() throws IOException {
    Path file = write("[consumer_config.temporal]\ntarget = \"from-file:7233\"\n");

    ImageReleaseConfig config =
        new ConfigLoader(Map.of(ConfigLoader.CONFIG_ENV, file.toString(), "TEMPORAL_ADDRESS", "from-env:7233"))
            .load(Optional.empty());

    assertThat(config.source()).isEqualTo(file.toAbsolutePath().toString());
    assertThat(config.temporal().target()).isEqualTo("from-env:7233");
  }

  @Test
  void aMisspeltKeyIsReportedWithTheKeysThatExist() throws IOException {
    Path file = write("[consumer_config.gate]\npolicy = \"tests\"\ntimout = \"2h\"\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key [timout] in [consumer_config.gate]")
        .hasMessageContaining("timeout");
  }

  @Test
  void badValuesNameTheKeyAndWhatIsExpected() throws IOException {
    assertThatThrownBy(() -> load("[consumer_config.gate]\npolicy = \"sometimes\"\n"))
        .hasMessageContaining("consumer_config.gate.policy")
        .hasMessageContaining("tests+approval");
    assertThatThrownBy(() -> load("[consumer_config.gate]\ntimeout = \"soon\"\n"))
        .hasMessageContaining("consumer_config.gate.timeout")
        .hasMessageContaining("24h");
    assertThatThrownBy(() -> load("[consumer_config.transfer]\nblock_size = \"500KiB\"\n"))
        .hasMessageContaining("block_size must be a power of two");
    assertThatThrownBy(() -> load("[consumer_config.worker]\nmax_concurrent_activities = 0\n"))
        .hasMessageContaining("consumer_config.worker.max_concurrent_activities must be between 1 and 1000");
    assertThatThrownBy(() -> load("[[consumer_config.mirror.roots]]\npath = \"/srv\"\n"))
        .hasMessageContaining("consumer_config.mirror.roots[0].name is required");
    assertThatThrownBy(() -> load("[consumer_config.gate]\npolicy = \"tests\"\ntestcases = []\n"))
        .hasMessageContaining("needs at least one required testcase");
  }

  @Test
  void invalidTomlAndMissingFilesAreClearErrors() throws IOException {
    assertThatThrownBy(() -> load("[consumer_config\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not valid TOML");
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(dir.resolve("absent.toml"))))
        .hasMessageContaining("absent.toml does not exist");
  }

  @Test
  void targetTablesThisVersionCannotUseAreReportedNotDropped() throws IOException {
    ImageReleaseConfig config = load("[consumer_config.aws]\nbase_region = \"us-east-1\"\n");

    assertThat(config.unavailableTargets()).containsExactly("aws");
  }

  private ImageReleaseConfig load(String toml) throws IOException {
    return new ConfigLoader(Map.of()).load(Optional.of(write(toml)));
  }

  private Path write(String toml) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".toml");
    Files.writeString(file, toml);
    return file;
  }
}
