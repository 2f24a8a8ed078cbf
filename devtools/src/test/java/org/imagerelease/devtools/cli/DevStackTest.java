package org.imagerelease.devtools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.disk.DiskImageSpec;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.starter.bus.BusEvent;
import org.imagerelease.starter.bus.BusEventListener;
import org.imagerelease.starter.bus.ReleaseEventTopics;
import org.imagerelease.starter.cli.SampleDumps;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TemporalSettings;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image-release dev}: Temporal and a worker always; the bus consumer and events when the broker answers. */
class DevStackTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private final StringWriter out = new StringWriter();
  private final String environment = "t" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void withAmqpOffItRunsTemporalAndAWorkerAsBefore() throws Exception {
    ImageReleaseConfig config = config("amqp://guest:guest@127.0.0.1:" + closedPort() + "/%2F", "");

    try (DevStack stack = DevStack.start(config, 0, DevStack.Amqp.OFF, new PrintWriter(out, true))) {
      assertThat(stack.consumer()).isEmpty();
      assertThat(stack.config().messaging().publishEvents()).isFalse();
      assertThat(out.toString())
          .contains("Temporal   " + stack.temporalAddress())
          .contains("task queue image-release")
          .contains("no consumer runs (--amqp off)")
          .contains("logged only (publish_events is off)");
      try (TemporalConnection temporal = TemporalConnection.to(new TemporalSettings(stack.temporalAddress(), "default", "image-release"))) {
        assertThat(new ReleaseClient(temporal.client(), "image-release").list(Optional.empty()).releases()).isEmpty();
      }
    }
  }

  @Test
  void withLocalAwsItRunsTheLocalAwsEndpointAndPointsTheAwsTargetThereNeverAtAws() throws Exception {
    ImageReleaseConfig config = config("amqp://guest:guest@127.0.0.1:" + closedPort() + "/%2F", "");

    try (DevStack stack = DevStack.start(config, 0, DevStack.Amqp.OFF, true, new PrintWriter(out, true))) {
      var endpoint = stack.localAws().orElseThrow().endpoint();
      var aws = stack.config().target(org.imagerelease.activities.aws.AwsConfig.class);
      assertThat(aws.enabled()).isTrue();
      assertThat(aws.endpoint()).contains(endpoint);
      assertThat(out.toString())
          .contains("the local AWS endpoint at " + endpoint)
          .contains("aws --endpoint-url " + endpoint + " ec2 describe-images --owners self --region us-east-1");
    }
  }

  @Test
  void withLocalAzureItServesTheLocalArmEndpointAndBlobStorageWithTheGalleryMadeAndPointsTheAzureTargetThere() throws Exception {
    ImageReleaseConfig config = config("amqp://guest:guest@127.0.0.1:" + closedPort() + "/%2F", "");

    Path certificate;
    try (DevStack stack = DevStack.start(config, 0, DevStack.Amqp.OFF, false, true, new PrintWriter(out, true))) {
      var arm = stack.localArm().orElseThrow();
      var blobs = stack.localBlobStorage().orElseThrow();
      var azure = stack.config().target(org.imagerelease.activities.azure.AzureConfig.class);
      assertThat(azure.enabled()).isTrue();
      assertThat(azure.local()).hasValueSatisfying(local -> {
        assertThat(local.armEndpoint()).isEqualTo(arm.endpoint());
        assertThat(local.blobEndpoint()).hasToString(blobs.blobEndpoint());
      });
      String printed = out.toString();
      assertThat(printed).contains("the local ARM endpoint (Compute Gallery) at " + arm.endpoint())
          .contains("subscription " + arm.subscriptionId())
          .contains("Blob storage at " + blobs.blobEndpoint() + " (" + blobs.description() + ")")
          .contains("versions in gallery fedora-cloud/Fedora in eastus");
      var matcher = Pattern.compile("certificate in (\\S+), e.g.").matcher(printed);
      assertThat(matcher.find()).as("the certificate's file is printed").isTrue();
      certificate = Path.of(matcher.group(1));
      assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----");
      HttpClient http = HttpClient.newBuilder().sslContext(arm.clientSslContext()).build();
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(arm.endpoint() + "/subscriptions/"
              + arm.subscriptionId() + "/providers/Microsoft.Compute/galleries?api-version=2024-03-03"))
          .header("Authorization", "Bearer local").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(response.body()).at("/value/0/id").asText()).as("the gallery a release needs")
          .endsWith("/resourceGroups/fedora-cloud/providers/Microsoft.Compute/galleries/Fedora");
    }
    assertThat(certificate).as("removed when the stack stops").doesNotExist();
  }

  @Test
  void withAmqpAutoItSaysWhyNoConsumerRunsWhenTheBrokerDoesNotAnswer() throws Exception {
    int port = closedPort();

    try (DevStack stack = DevStack.start(config("amqp://releng:hunter2@127.0.0.1:" + port + "/%2F", ""), 0, DevStack.Amqp.AUTO, new PrintWriter(out, true))) {
      assertThat(stack.consumer()).isEmpty();
      assertThat(out.toString())
          .contains("amqp://releng@127.0.0.1:" + port + "/%2F: nothing answered on 127.0.0.1:" + port + " within 1 s")
          .contains("so no consumer runs")
          .doesNotContain("hunter2");
    }
  }

  @Test
  void withAmqpAutoALoginTheBrokerRefusesIsToldAndNoConsumerRuns() throws Exception {
    try (LocalBroker broker = LocalBroker.realOrEmbedded()) {
      System.out.println("AMQP broker for " + getClass().getSimpleName() + " (refused login): " + broker.description());
      String wrongPassword = broker.amqpUrl().replace("guest:guest@", "guest:not-the-password@");

      try (DevStack stack = DevStack.start(config(wrongPassword, ""), 0, DevStack.Amqp.AUTO, new PrintWriter(out, true))) {
        assertThat(stack.consumer()).isEmpty();
        assertThat(out.toString())
            .contains(" it did not take our connection: ")
            .contains("so no consumer runs")
            .doesNotContain("not-the-password");
      }
    }
  }

  @Test
  void withAmqpOnItFailsWhenTheBrokerDoesNotAnswer() throws Exception {
    int port = closedPort();

    assertThatThrownBy(() -> DevStack.start(config("amqp://releng:hunter2@127.0.0.1:" + port + "/%2F", ""), 0, DevStack.Amqp.ON, new PrintWriter(out, true)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--amqp on, but the broker at amqp://releng@127.0.0.1:" + port + "/%2F cannot be used: nothing answered")
        .hasMessageNotContaining("hunter2");
  }

  /**
   * The flow of issue 5's "done when": a Pungi FINISHED dump pointed at a compose starts the
   * release, ResultsDB dumps for its images open the gate, its events appear on amq.topic.
   */
  @Test
  void aComposeAnnouncedOnTheBusIsReleasedOnceItsResultsArriveAndItsEventsAreOnTheBus() throws Exception {
    try (LocalBroker broker = LocalBroker.realOrEmbedded()) {
      System.out.println("AMQP broker for " + getClass().getSimpleName() + ": " + broker.description());
      Path configFile = configFile(broker.amqpUrl(), "topic_prefix = \"org.fedoraproject.%s\"".formatted(environment));
      ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(configFile));
      DemoCompose compose = smallCompose();
      String prefix = "org.fedoraproject." + environment;

      try (DevStack stack = DevStack.start(config, 0, DevStack.Amqp.AUTO, new PrintWriter(out, true));
          BusEventListener events = BusEventListener.start(config.messaging().settings(), "image-release-test-events-" + environment,
              ReleaseEventTopics.bindingKeys(prefix), event -> {});
          TemporalConnection temporal = TemporalConnection.to(stack.config().temporal())) {
        assertThat(stack.consumer()).isPresent();
        assertThat(out.toString())
            .contains("broker     amqp://guest@127.0.0.1:")
            .doesNotContain("guest:guest")
            .contains("consumer   queue image-release-" + environment + " <- amq.topic [" + prefix + ".pungi.compose.status.change, " + prefix + ".resultsdb.result.new]")
            .contains(prefix + ".image_release.image.uploaded")
            .contains(prefix + ".image_release.release.completed");
        ReleaseClient releases = new ReleaseClient(temporal.client(), stack.config().temporal().taskQueue());

        assertThat(cli("publish-message", dump(SampleDumps.composeFinished(environment)), "--location", compose.location().toString(), "--config", configFile.toString()))
            .isZero();
        List<String> images = awaitStage(releases, compose.composeId(), ReleaseStage.AWAITING_TESTS).images().stream().map(ImageStatus::imageName).distinct().toList();
        assertThat(images).hasSize(3);
        List<String> publish = new ArrayList<>(List.of("publish-message", dump(SampleDumps.resultNew(environment)), "--compose-id", compose.composeId(), "--config", configFile.toString()));
        images.forEach(image -> publish.addAll(List.of("--item", image)));
        assertThat(cli(publish.toArray(String[]::new))).isZero();

        assertThat(awaitStage(releases, compose.composeId(), ReleaseStage.RELEASED).gateOutcome().name()).isEqualTo("PASSED");
        assertThat(events.awaitEvent(event -> event.hasTopic("image_release.release.completed"), Duration.ofSeconds(10))).isTrue();
        assertThat(events.events()).extracting(BusEvent::topic)
            .contains(prefix + ".image_release.image.uploaded", prefix + ".image_release.release.completed")
            .anyMatch(topic -> topic.startsWith(prefix + ".image_release.published.v1.mirror."));
      }
    }
  }

  private int cli(String... args) {
    StringWriter err = new StringWriter();
    int exit = ImageReleaseCli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(err.toString()).as("stderr of %s", List.of(args)).isEmpty();
    return exit;
  }

  private static ReleaseStatus awaitStage(ReleaseClient releases, String composeId, ReleaseStage stage) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        ReleaseStatus status = releases.status(composeId);
        if (status.stage() == stage) {
          return status;
        }
        assertThat(status.stage().isFinal()).as("release ended %s before reaching %s: %s", status.stage(), stage, status.lastError()).isFalse();
      } catch (WorkflowNotFoundException notYet) {
        // The consumer has not started it yet.
      }
      assertThat(System.nanoTime()).as("release of %s reaches %s", composeId, stage).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private ImageReleaseConfig config(String amqpUrl, String more) throws IOException {
    return new ConfigLoader(Map.of()).load(Optional.of(configFile(amqpUrl, more)));
  }

  /** This test's own queue and topics, a mirror in its directory, a worker that stops at once. */
  private Path configFile(String amqpUrl, String more) throws IOException {
    String queue = "image-release-" + environment;
    String toml =
        """
        amqp_url = "%s"
        %s

        [queues."%s"]
        durable = false
        auto_delete = true

        [[bindings]]
        queue = "%s"
        exchange = "amq.topic"
        routing_keys = ["org.fedoraproject.%s.pungi.compose.status.change", "org.fedoraproject.%s.resultsdb.result.new"]

        [consumer_config.worker]
        shutdown_grace = "5s"

        # The generated compose has no Cloud_Base qcow2, which Fedora's default gate rules count
        # on: each image waits for its own results, which the test publishes.
        [consumer_config.gate]
        testcases = ["compose.cloud_autocloud"]

        [[consumer_config.mirror.roots]]
        name = "local"
        path = "%s"
        """
            .formatted(amqpUrl, more, queue, queue, environment, environment, directory.resolve("mirror"));
    return Files.writeString(directory.resolve("config.toml"), toml);
  }

  /**
   * The dump with its topic relative to this test's environment: publish-message puts the
   * configuration's topic_prefix (the environment) in front, as fedora-messaging does.
   */
  private String dump(JsonNode dump) throws IOException {
    ObjectNode relative = ((ObjectNode) dump).deepCopy();
    relative.put("topic", dump.get("topic").asText().replaceFirst("^org\\.fedoraproject\\." + environment + "\\.", ""));
    return Files.writeString(directory.resolve("dump-" + UUID.randomUUID() + ".json"), JSON.writeValueAsString(relative)).toString();
  }

  private DemoCompose smallCompose() throws IOException {
    DemoComposeSpec spec = DemoComposeSpec.nightly("42", "20261124", 0).withVirtualSize(16 * DiskImageSpec.MIB).withContainerImage(false);
    return new DemoComposeGenerator(spec).generate(directory.resolve("compose"));
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
