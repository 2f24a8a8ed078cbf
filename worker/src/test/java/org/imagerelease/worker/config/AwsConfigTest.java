package org.imagerelease.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [consumer_config.aws] as a release engineer writes it. */
class AwsConfigTest {
  @TempDir Path dir;

  @Test
  void awsIsOffUntilEnabledAndGetsSafeDefaults() {
    AwsConfig aws = new ConfigLoader(Map.of()).defaults().target(AwsConfig.class);

    assertThat(aws.enabled()).isFalse();
    assertThat(aws.primaryRegion()).isEqualTo("us-east-1");
    assertThat(aws.ami().bootModeOf("x86_64")).isEqualTo("uefi-preferred");
    assertThat(aws.ami().bootModeOf("aarch64")).isEqualTo("uefi");
    assertThat(aws.upload().parallelism()).isEqualTo(64);
    assertThat(aws.upload().sendZeroBlocks()).isFalse();
    assertThat(aws.publish().publicAmiQuota()).isEqualTo(5);
    assertThat(aws.endpoint()).isEmpty();
  }

  @Test
  void everyKeyIsRead() throws IOException {
    AwsConfig aws =
        load(
                """
                [consumer_config.aws]
                enabled = true
                primary_region = "eu-west-1"
                regions = ["us-east-1", "ap-southeast-2"]
                endpoint = "http://127.0.0.1:4566"
                poll_interval = "5s"

                [consumer_config.aws.ami]
                name = "Fedora-{subvariant}-{release}-{arch}"
                boot_modes = { x86_64 = "legacy-bios" }
                deprecate_rawhide_after = "30d"

                [consumer_config.aws.upload]
                parallelism = 32
                send_zero_blocks = true
                snapshot_timeout = "2h"

                [consumer_config.aws.publish]
                ssm_parameter = ""
                public_ami_quota = 50

                [consumer_config.aws.tags]
                Team = "releng"
                """)
            .target(AwsConfig.class);

    assertThat(aws.enabled()).isTrue();
    assertThat(aws.planning().primaryLocation()).isEqualTo("eu-west-1");
    assertThat(aws.planning().replicaLocations()).containsExactly("us-east-1", "ap-southeast-2");
    assertThat(aws.planning().decodesImages()).isTrue();
    assertThat(aws.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
    assertThat(aws.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(aws.ami().nameTemplate()).isEqualTo("Fedora-{subvariant}-{release}-{arch}");
    assertThat(aws.ami().bootModeOf("x86_64")).isEqualTo("legacy-bios");
    assertThat(aws.ami().deprecateRawhideAfter()).isEqualTo(Duration.ofDays(30));
    assertThat(aws.upload()).isEqualTo(new AwsConfig.UploadSettings(32, true, Duration.ofHours(2)));
    assertThat(aws.publish()).isEqualTo(new AwsConfig.PublishSettings("", 50));
    assertThat(aws.tags()).containsEntry("Team", "releng");
  }

  @Test
  void fedorasUploaderTableIsRefusedNamingTheKeysThatExist() throws IOException {
    assertThatThrownBy(() -> load("[consumer_config.aws]\nbase_region = \"us-east-1\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key [base_region] in [consumer_config.aws]")
        .hasMessageContaining("primary_region");
  }

  @Test
  void aBootModeAwsDoesNotKnowIsRefused() throws IOException {
    assertThatThrownBy(() -> load("[consumer_config.aws.ami]\nboot_modes = { x86_64 = \"bios\" }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consumer_config.aws.ami.boot_modes.x86_64 must be one of [uefi-preferred, uefi, legacy-bios]");
  }

  @Test
  void aSnapshotTimeoutOutsideEbssLimitsIsRefused() throws IOException {
    assertThatThrownBy(() -> load("[consumer_config.aws.upload]\nsnapshot_timeout = \"5m\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("between 10m and 72h");
  }

  private ImageReleaseConfig load(String toml) throws IOException {
    Path file = Files.writeString(dir.resolve("config.toml"), toml);
    return new ConfigLoader(Map.of()).load(Optional.of(file));
  }
}
