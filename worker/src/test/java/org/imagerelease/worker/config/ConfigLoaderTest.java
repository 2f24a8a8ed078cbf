package org.imagerelease.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateRule;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.model.RegionFailurePolicy;
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
    assertThat(config.gate().rules()).extracting(GateRule::name)
        .containsExactly("openqa-tests-the-qcow2", "same-bits-as-the-tested-qcow2", "no-openqa-cloud-test-on-s390x");
    assertThat(config.gate().uncoveredPolicy()).isEqualTo(ImageGatePolicy.APPROVAL);
    assertThat(config.gate().allTestcases()).containsExactly("compose.cloud_autocloud");
    assertThat(config.gate().timeout()).isEqualTo(Duration.ofHours(24));
    assertThat(config.transfer().blockSize()).isEqualTo(512 * 1024);
    assertThat(config.enabledTargets()).extracting(t -> t.name()).containsExactly("mirror");
  }

  @Test
  void composesAreAcceptedFromFedorasHostByDefaultAndFromWhereTheConfigurationSays() throws IOException {
    assertThat(new ConfigLoader(Map.of()).defaults().messaging().composes().sources()).isEqualTo(ComposeSources.fedora());

    ImageReleaseConfig config =
        load(
            """
            [consumer_config.composes]
            allowed_locations = ["https://composes.example.org/pub/"]
            allow_local_paths = true
            """);

    assertThat(config.messaging().composes().sources()).isEqualTo(new ComposeSources(java.util.List.of("https://composes.example.org/pub/"), true));
    assertThatThrownBy(() -> load("[consumer_config.composes]\nallowed_locations = [\"composes.example.org\"]\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("allowed_locations");
  }

  @Test
  void withoutBindingsTheDefaultQueueDeadLettersWhatTheConsumerRejects() {
    var config = new ConfigLoader(Map.of()).defaults().messaging();
    var messaging = config.settings();

    assertThat(messaging.queues().get("image-release").deadLetterExchange()).contains("image-release.dead-letter");
    assertThat(messaging.exchanges().get("image-release.dead-letter").type()).isEqualTo("fanout");
    assertThat(messaging.queues().get("image-release.dead-letter").durable()).isTrue();
    assertThat(messaging.bindings())
        .anySatisfy(b -> assertThat(b.queue() + " <- " + b.exchange()).isEqualTo("image-release.dead-letter <- image-release.dead-letter"));
    assertThat(config.consumedQueues()).as("dead letters wait for a person").containsExactly("image-release");
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
            deadlock_detection_timeout = "30s"
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
    assertThat(config.target(MirrorConfig.class).settings().primary().publicBaseUrl()).isEqualTo("https://dl.example.org/pub/cloud/");
    assertThat(config.enabledTargets().get(0).replicaLocations()).containsExactly("dl-secondary");
    assertThat(config.worker().shutdownGrace()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.worker().deadlockDetection()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theLongestWaitBetweenAttemptsIsReadAndNeverShorterThanATransfersFirstWait() throws IOException {
    assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).timeouts().retryMaxInterval()).isEqualTo(Duration.ofMinutes(2));
    Path shorter = write("""
        [consumer_config.timeouts]
        retry_max_interval = "10s"
        """);
    assertThat(new ConfigLoader(Map.of()).load(Optional.of(shorter)).timeouts().retryMaxInterval()).isEqualTo(Duration.ofSeconds(10));
    Path tooShort = write("""
        [consumer_config.timeouts]
        retry_max_interval = "1s"
        """);
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(tooShort)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consumer_config.timeouts.retry_max_interval must be at least 5s");
  }

  @Test
  void aWorkflowTaskHasTenSecondsBeforeItCountsAsADeadlockAndNeverLessThanTheSdksSecond() throws IOException {
    assertThat(new ConfigLoader(Map.of()).load(Optional.empty()).worker().deadlockDetection())
        .as("default: replaying whole histories on a throttled pod needs more than the SDK's 1 s").isEqualTo(Duration.ofSeconds(10));
    Path tooShort = write("""
        [consumer_config.worker]
        deadlock_detection_timeout = "200ms"
        """);
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(tooShort)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consumer_config.worker.deadlock_detection_timeout must be at least 1s");
  }

  @Test
  void regionFailurePolicyAndServedTargetsAreRead() throws IOException {
    Path file =
        write(
            """
            [consumer_config.regions]
            on_failure = "fail-release"
            retry_budget = "20m"

            [consumer_config.worker]
            max_concurrent_transfers = 3
            targets = ["mirror"]
            """);

    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(file));

    assertThat(config.regionFailure()).isEqualTo(new RegionFailurePolicy(RegionFailurePolicy.OnFailure.FAIL_RELEASE, Duration.ofMinutes(20)));
    assertThat(config.releaseSettings().regionFailure()).isEqualTo(config.regionFailure());
    assertThat(config.worker().maxConcurrentTransfers()).isEqualTo(3);
    assertThat(config.worker().serves("mirror")).isTrue();
    assertThat(config.worker().serves("aws")).isFalse();
  }

  @Test
  void theTransferMemoryBudgetIsAutoOrASize() throws IOException {
    assertThat(new ConfigLoader(Map.of()).defaults().transfer().memoryBudget()).as("auto").isZero();
    assertThat(new ConfigLoader(Map.of()).load(Optional.of(write("[consumer_config.transfer]\nmemory_budget = \"512MiB\"\n"))).transfer().memoryBudget())
        .isEqualTo(512L << 20);
    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(write("[consumer_config.transfer]\nmemory_budget = \"1MiB\"\n"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("memory_budget must be \"auto\" or at least 16MiB");
  }

  @Test
  void byDefaultAFailingRegionIsRetriedForAnHourThenSkipped() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();

    assertThat(config.regionFailure().onFailure()).isEqualTo(RegionFailurePolicy.OnFailure.SKIP_REGION);
    assertThat(config.regionFailure().retryBudget()).isEqualTo(Duration.ofHours(1));
    assertThat(config.worker().serves("mirror")).as("every enabled target").isTrue();
  }

  @Test
  void anUnknownRegionFailurePolicyNamesTheChoices() throws IOException {
    Path file = write("[consumer_config.regions]\non_failure = \"ignore\"\n");

    assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("consumer_config.regions.on_failure")
        .hasMessageContaining("skip-region or fail-release");
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
  void readsTheMessagingSettingsAsFedoraMessagingDoes() throws IOException {
    ImageReleaseConfig config =
        load(
            """
            amqp_url = "amqps://image-release:@rabbitmq.example.org/%2Fpubsub"
            topic_prefix = "org.fedoraproject.stg"
            passive_declares = true

            [tls]
            ca_cert = "/etc/pki/rabbitmq/ca.pem"
            keyfile = "/etc/pki/rabbitmq/key.pem"
            certfile = "/etc/pki/rabbitmq/cert.pem"

            [client_properties]
            app = "Image release"

            [queues."image-release"]
            durable = true
            arguments = { x-dead-letter-exchange = "image-release-dlx", x-max-length = 10000 }

            [[bindings]]
            queue = "image-release"
            exchange = "amq.topic"
            routing_keys = ["org.fedoraproject.*.pungi.compose.status.change"]

            [qos]
            prefetch_count = 5

            [consumer_config.composes]
            releases = ["41", "Rawhide"]
            label_pattern = "RC-.*"

            [consumer_config.messages]
            max_bytes = "256KiB"
            publish_events = true

            [consumer_config.resultsdb]
            url = "https://resultsdb.example.org/api/v2.0/"
            poll_interval = "10m"
            """);

    var messaging = config.messaging().settings();
    assertThat(messaging.amqpUrl()).isEqualTo("amqps://image-release:@rabbitmq.example.org/%2Fpubsub");
    assertThat(messaging.topicPrefix()).isEqualTo("org.fedoraproject.stg");
    assertThat(messaging.passiveDeclares()).isTrue();
    assertThat(messaging.tls().clientCertificate()).isTrue();
    assertThat(messaging.clientProperties()).containsEntry("app", "Image release");
    assertThat(messaging.queues().get("image-release").arguments())
        .containsEntry("x-dead-letter-exchange", "image-release-dlx")
        .containsEntry("x-max-length", 10000L);
    assertThat(messaging.qos().prefetchCount()).isEqualTo(5);
    assertThat(config.messaging().maxMessageBytes()).isEqualTo(256 * 1024);
    assertThat(config.messaging().publishEvents()).isTrue();
    assertThat(config.messaging().composes().rejectionOf("40", "production", "RC-1.1")).hasValueSatisfying(r -> assertThat(r).contains("release 40"));
    assertThat(config.messaging().composes().rejectionOf("41", "production", "Beta-1.1")).isPresent();
    assertThat(config.messaging().composes().rejectionOf("Rawhide", "nightly", "RC-1.1")).isEmpty();
    assertThat(config.resultsDb().url()).hasValue(java.net.URI.create("https://resultsdb.example.org/api/v2.0"));
    assertThat(config.resultsDb().pollInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void withoutBindingsTheConsumerListensForComposesAndTestResults() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();

    assertThat(config.messaging().settings().bindings()).filteredOn(b -> b.exchange().equals("amq.topic")).singleElement().satisfies(binding -> {
      assertThat(binding.queue()).isEqualTo("image-release");
      assertThat(binding.routingKeys()).contains("org.fedoraproject.*.pungi.compose.status.change", "org.fedoraproject.*.resultsdb.result.new");
    });
    assertThat(config.messaging().settings().queues()).containsKey("image-release");
    assertThat(config.messaging().publishEvents()).isFalse();
    assertThat(config.resultsDb().url()).isEmpty();
  }

  @Test
  void aTargetCanRequireItsOwnTestcases() throws IOException {
    ImageReleaseConfig config =
        load(
            """
            [consumer_config.gate]
            testcases = ["compose.cloud_autocloud"]

            [consumer_config.mirror]
            testcases = ["compose.cloud_mirror_check"]
            """);

    assertThat(config.gateOfNewReleases().testcasesFor("mirror")).containsExactly("compose.cloud_mirror_check");
    assertThat(config.gateOfNewReleases().testcasesFor("aws")).containsExactly("compose.cloud_autocloud");
    assertThat(config.gateOfNewReleases().allTestcases()).containsExactly("compose.cloud_autocloud", "compose.cloud_mirror_check");
    assertThatThrownBy(() -> load("[consumer_config.mirror]\ntestcases = [\"compose.cloud_mirror_check\"]\n"))
        .as("with the default gate rules, a target's own list has no place")
        .hasMessageContaining("consumer_config.mirror.testcases cannot be used with gate rules");
  }

  @Test
  void rawhidesReleaseNumberComesFromTheConfiguration() throws IOException {
    ImageReleaseConfig config = load("[consumer_config.messages]\nrelease_numbers = { Rawhide = 44 }\n");

    assertThat(config.messaging().releaseNumbers().of("Fedora-Rawhide-20230502.n.0")).hasValue(44);
    assertThat(config.messaging().releaseNumbers().of("Fedora-41-20241027.0")).as("the compose id wins").hasValue(41);
    assertThat(new ConfigLoader(Map.of()).defaults().messaging().releaseNumbers().of("Fedora-Rawhide-20230502.n.0")).isEmpty();
  }

  @Test
  void theAzureTablesAsTheReadmeShowThemAreReadWithTheirDefaults() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String azure = readme.substring(readme.indexOf("[consumer_config.azure]"), readme.indexOf("[consumer_config.worker]"));

    ImageReleaseConfig config = load(azure.replace("resource_group = \"\"", "resource_group = \"fedora-cloud\""));

    AzureConfig read = config.target(AzureConfig.class);
    AzureConfig defaults = new ConfigLoader(Map.of()).defaults().target(AzureConfig.class);
    assertThat(read.gallery().resourceGroup()).isEqualTo("fedora-cloud");
    assertThat(read.gallery().definitionName()).isEqualTo(defaults.gallery().definitionName());
    assertThat(read.gallery().features()).isEqualTo(defaults.gallery().features());
    assertThat(read.upload()).isEqualTo(defaults.upload());
    assertThat(read.pollInterval()).isEqualTo(defaults.pollInterval());
  }

  @Test
  void targetTablesThisVersionCannotUseAreReportedNotDropped() throws IOException {
    ImageReleaseConfig config = load("[consumer_config.gcp]\nproject = \"fedora-cloud\"\n");

    assertThat(config.unavailableTargets()).containsExactly("gcp");
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
