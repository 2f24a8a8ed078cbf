package org.imagerelease.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.messaging.AmqpUrl;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fedora-messaging's own configuration files (conformance/fedora-infra/fedora-messaging, see
 * SOURCES.md there) load as they are, and mean here what they mean to fedora-messaging.
 */
class FedoraMessagingConfigsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"fedora.toml", "fedora.stg.toml"})
  void fedorasPublicBrokerConfigsLoad(String name) throws IOException {
    ImageReleaseConfig config = load(name);
    MessagingSettings messaging = config.messaging().settings();

    assertThat(AmqpUrl.parse(messaging.amqpUrl()).tls()).isTrue();
    assertThat(messaging.tls().clientCertificate()).isTrue();
    assertThat(messaging.clientProperties())
        .containsEntry("app", "Example Application")
        .containsEntry("app_contacts_email", List.of("admin@fedoraproject.org"));
    assertThat(messaging.qos().prefetchCount()).isEqualTo(25);
  }

  /** "If you don't define a queue here, the server will generate a queue name for you. This queue will be non-durable, auto-deleted and exclusive." */
  @Test
  void aBindingWithoutQueueBindsAServerNamedExclusiveQueue() throws IOException {
    ImageReleaseConfig config = load("fedora.toml");
    MessagingSettings messaging = config.messaging().settings();

    assertThat(messaging.bindings()).singleElement().satisfies(binding -> {
      assertThat(binding.queue()).isEqualTo(MessagingSettings.SERVER_NAMED_QUEUE);
      assertThat(binding.exchange()).isEqualTo("amq.topic");
      assertThat(binding.routingKeys()).containsExactly("#");
    });
    assertThat(messaging.queues()).containsOnlyKeys(MessagingSettings.SERVER_NAMED_QUEUE);
    assertThat(messaging.queues().get(MessagingSettings.SERVER_NAMED_QUEUE))
        .isEqualTo(new MessagingSettings.Queue(false, true, true, Map.of()));
    assertThat(config.messaging().consumedQueues()).containsExactly(MessagingSettings.SERVER_NAMED_QUEUE);
    assertThat(config.warnings()).anySatisfy(warning -> assertThat(warning).contains("every message published while it is down is lost"));
  }

  @Test
  void anotherConsumersSettingInConsumerConfigIsAWarningNotAnError() throws IOException {
    ImageReleaseConfig config = load("fedora.toml");

    assertThat(config.warnings()).anySatisfy(warning -> assertThat(warning).contains("consumer_config.example_key is not an image-release setting"));
  }

  /** config.toml.example: amqp_url = "amqp://", a named durable queue, passive_declares, topic_prefix "". */
  @Test
  void theDocumentedSampleLoads() throws IOException {
    ImageReleaseConfig config = load("config.toml.example");
    MessagingSettings messaging = config.messaging().settings();
    AmqpUrl url = AmqpUrl.parse(messaging.amqpUrl());

    assertThat(url.host()).isEqualTo("localhost");
    assertThat(url.port()).isEqualTo(5672);
    assertThat(messaging.queues()).containsOnlyKeys("my_queue");
    assertThat(messaging.queues().get("my_queue").durable()).isTrue();
    assertThat(messaging.bindings()).singleElement().satisfies(binding -> assertThat(binding.queue()).isEqualTo("my_queue"));
    assertThat(messaging.passiveDeclares()).isFalse();
    assertThat(messaging.topicPrefix()).isEmpty();
    assertThat(config.warnings()).noneSatisfy(warning -> assertThat(warning).contains("is lost"));
  }

  @Test
  void unknownKeysOfFedoraMessagingsSectionsAreWarnings() throws IOException {
    ImageReleaseConfig config =
        loadText(
            """
            [tls]
            ca_cert = "/etc/pki/ca.pem"
            ciphers = "HIGH"

            [queues.q]
            durable = true
            auto_delete = false
            exclusive = false
            arguments = {}
            x_colour = "blue"

            [[bindings]]
            queue = "q"
            exchange = "amq.topic"
            routing_keys = ["#"]

            [monitoring]
            port = 8070
            """);

    assertThat(config.warnings())
        .anySatisfy(warning -> assertThat(warning).contains("[tls] has key ciphers"))
        .anySatisfy(warning -> assertThat(warning).contains("[queues.q] has key x_colour"))
        .noneSatisfy(warning -> assertThat(warning).contains("monitoring"));
    assertThat(config.monitoring()).isEqualTo(new MonitoringSettings("", 8070));
  }

  @Test
  void whatFedoraMessagingRefusesIsRefused() {
    assertThatThrownBy(() -> loadText("[[bindings]]\nqueue = \"q\"\nexchange = \"amq.topic\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bindings[0].routing_keys is required");
    assertThatThrownBy(() -> loadText("[client_properties]\nproduct = \"mine\"\n"))
        .hasMessageContaining("client_properties.product is reserved");
    assertThatThrownBy(() -> loadText("amqp_uri = \"amqp://\"\n"))
        .hasMessageContaining("unknown key [amqp_uri] in the top level")
        .hasMessageContaining("fedora-messaging refuses unknown top-level keys too");
    assertThatThrownBy(() -> loadText("[queues.q]\ndurable = true\n[[bindings]]\nexchange = \"amq.topic\"\nrouting_keys = [\"#\"]\n"))
        .hasMessageContaining("names no queue")
        .hasMessageContaining("[queues] declares none");
  }

  @Test
  void aMisspeltTableOfOursIsStillAnError() {
    assertThatThrownBy(() -> loadText("[consumer_config.gaet]\npolicy = \"none\"\n"))
        .hasMessageContaining("unknown key [gaet] in [consumer_config]");
  }

  @Test
  void publishPriorityIsRead() throws IOException {
    assertThat(loadText("publish_priority = 5\n").messaging().settings().publishPriority()).isEqualTo(5);
    assertThat(loadText("").messaging().settings().publishPriority()).isNull();
  }

  private ImageReleaseConfig load(String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/conformance/fedora-infra/fedora-messaging/" + name)) {
      Files.copy(in, file);
    }
    return new ConfigLoader(Map.of()).load(Optional.of(file));
  }

  private ImageReleaseConfig loadText(String toml) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dir, "config", ".toml"), toml);
    return new ConfigLoader(Map.of()).load(Optional.of(file));
  }
}
