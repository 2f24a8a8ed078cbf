package org.imagerelease.activities.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code amqp_url} as pika's {@code URLParameters} reads it: the URLs of fedora-messaging's own
 * documentation and configuration files, and pika's defaults and options.
 */
class AmqpUrlTest {

  /** config.toml.example's {@code amqp://} and fedora-messaging's built-in default. */
  @ParameterizedTest
  @ValueSource(strings = {"amqp://", "amqp://?connection_attempts=3&retry_delay=5", "AMQP://localhost", "amqp://localhost:5672/%2F"})
  void everythingButTheSchemeHasPikasDefaults(String url) {
    AmqpUrl parsed = AmqpUrl.parse(url);

    assertThat(parsed.tls()).isFalse();
    assertThat(parsed.host()).isEqualTo("localhost");
    assertThat(parsed.port()).isEqualTo(5672);
    assertThat(parsed.username()).isEqualTo("guest");
    assertThat(parsed.password()).isEqualTo("guest");
    assertThat(parsed.virtualHost()).isEqualTo("/");
  }

  @Test
  void fedoraMessagingsDefaultNamesTheOptionsItIgnoresWithTheReason() {
    AmqpUrl parsed = AmqpUrl.parse("amqp://?connection_attempts=3&retry_delay=5");

    assertThat(parsed.ignoredOptions()).containsOnlyKeys("connection_attempts", "retry_delay");
    assertThat(parsed.ignoredOptions().get("connection_attempts")).contains("try again for as long as they run");
  }

  /** fedora.toml of fedora-messaging: a certificate login, vhost /public_pubsub, amqps port. */
  @Test
  void fedorasPublicBrokerUrl() {
    AmqpUrl parsed = AmqpUrl.parse("amqps://fedora:@rabbitmq.fedoraproject.org/%2Fpublic_pubsub");

    assertThat(parsed.tls()).isTrue();
    assertThat(parsed.host()).isEqualTo("rabbitmq.fedoraproject.org");
    assertThat(parsed.port()).isEqualTo(5671);
    assertThat(parsed.username()).isEqualTo("fedora");
    assertThat(parsed.password()).isEmpty();
    assertThat(parsed.virtualHost()).isEqualTo("/public_pubsub");
    assertThat(parsed.endpoint()).isEqualTo("amqps://fedora@rabbitmq.fedoraproject.org/%2Fpublic_pubsub");
  }

  @Test
  void aPlusInThePasswordStaysAPlusAsInPika() {
    assertThat(AmqpUrl.parse("amqp://u:a+b%40c@host/").password()).isEqualTo("a+b@c");
  }

  @Test
  void optionsTheJavaClientHasAreHonoured() {
    ConnectionFactory factory =
        AmqpConnector.from(settings("amqp://h/?heartbeat=0&channel_max=64&frame_max=131072&socket_timeout=2.5&stack_timeout=20")).factory();

    assertThat(factory.getRequestedHeartbeat()).as("0 turns heartbeats off, as in pika").isZero();
    assertThat(factory.getRequestedChannelMax()).isEqualTo(64);
    assertThat(factory.getRequestedFrameMax()).isEqualTo(131072);
    assertThat(factory.getConnectionTimeout()).isEqualTo(2500);
    assertThat(factory.getHandshakeTimeout()).isEqualTo(20_000);
  }

  @Test
  void anUnknownOptionIsRefusedAsPikaRefusesIt() {
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h/?hearbeat=10"))
        .hasMessageContaining("amqp_url has option hearbeat, which pika does not know either")
        .hasMessageContaining("heartbeat");
  }

  @Test
  void badOptionValuesAndRepeatsAreRefused() {
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h/?heartbeat=1.5")).hasMessageContaining("heartbeat must be a whole number of seconds");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h/?heartbeat=1&heartbeat=2")).hasMessageContaining("more than once");
  }

  @Test
  void aUserWithoutColonIsRefusedAsPikaRequiresOne() {
    assertThatThrownBy(() -> AmqpUrl.parse("amqps://fedora@rabbitmq.fedoraproject.org/%2Fpublic_pubsub"))
        .hasMessageContaining("pika requires user:password@");
  }

  @Test
  void otherSchemesAndBadPortsAreRefused() {
    assertThatThrownBy(() -> AmqpUrl.parse("localhost:5672")).hasMessageContaining("must start with amqp:// or amqps://");
    assertThatThrownBy(() -> AmqpUrl.parse("amqp://h:99999/")).hasMessageContaining("port must be a number from 0 to 65535");
  }

  @Test
  void aConnectorForTheDocumentedSampleConnectsToLocalhostAsGuest() {
    ConnectionFactory factory = AmqpConnector.from(settings("amqp://")).factory();

    assertThat(factory.getHost()).isEqualTo("localhost");
    assertThat(factory.getPort()).isEqualTo(5672);
    assertThat(factory.getUsername()).isEqualTo("guest");
    assertThat(factory.getVirtualHost()).isEqualTo("/");
    assertThat(factory.getRequestedHeartbeat()).isEqualTo(AmqpConnector.HEARTBEAT_SECONDS);
    assertThat(factory.getConnectionTimeout()).isEqualTo((int) Duration.ofSeconds(10).toMillis());
  }

  private static MessagingSettings settings(String url) {
    return new MessagingSettings(
        url, MessagingSettings.Tls.none(), Map.of(), "", "amq.topic", false, Map.of(), Map.of(), List.of(), new MessagingSettings.Qos(0, 10));
  }
}
