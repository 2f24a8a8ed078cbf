package org.imagerelease.activities.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The AMQP plumbing against a real broker: the local RabbitMQ, else the embedded one. */
class AmqpPlumbingOnLocalBrokerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = LocalBroker.realOrEmbedded();
    System.out.println("AMQP broker for " + AmqpPlumbingOnLocalBrokerTest.class.getSimpleName() + ": " + broker.description());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void publishedMessagesCarryThePrefixedTopicAndTheFedoraMessagingWireFormat() throws Exception {
    String queue = "image-release-test-" + UUID.randomUUID();
    MessagingSettings settings = settings(queue, "org.fedoraproject.test", false, List.of("org.fedoraproject.test.image_release.#"));
    AmqpConnector connector = AmqpConnector.from(settings);
    try (Connection connection = connector.open("plumbing-test")) {
      Channel channel = connection.createChannel();
      AmqpTopology.declare(channel, settings);
      ObjectNode body = JSON.createObjectNode().put("compose_id", "Fedora-41-20241027.0").put("cloud", "aws");
      String id = UUID.randomUUID().toString();

      try (AmqpMessagePublisher publisher = new AmqpMessagePublisher(connection, settings, Duration.ofSeconds(10))) {
        publisher.publish(new FedoraMessage(id, "image_release.image.uploaded", Map.of(), body));
      }

      GetResponse delivery = awaitMessage(channel, queue);
      assertThat(delivery.getEnvelope().getRoutingKey()).isEqualTo("org.fedoraproject.test.image_release.image.uploaded");
      assertThat(delivery.getProps().getDeliveryMode()).isEqualTo(2);
      assertThat(delivery.getProps().getContentType()).isEqualTo("application/json");
      FedoraMessage received = new FedoraMessageCodec(1 << 20).decode(delivery.getEnvelope().getRoutingKey(), delivery.getProps(), delivery.getBody());
      assertThat(received.id()).isEqualTo(id);
      assertThat(received.body()).isEqualTo(body);
      assertThat(received.schema()).isEqualTo("base.message");
      assertThat((String) received.headers().get(FedoraMessage.SENT_AT)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
      channel.queueDelete(queue);
    }
  }

  @Test
  void passiveDeclaresOnlyCheckAndNameWhatIsMissing() throws Exception {
    String queue = "image-release-test-absent-" + UUID.randomUUID();
    MessagingSettings settings = settings(queue, "", true, List.of("org.fedoraproject.*.pungi.compose.status.change"));
    try (Connection connection = AmqpConnector.from(settings).open("plumbing-test")) {
      Channel channel = connection.createChannel();

      assertThatThrownBy(() -> AmqpTopology.declare(channel, settings))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("queue " + queue + " does not exist or may not be used (passive_declares");
    }
  }

  private static GetResponse awaitMessage(Channel channel, String queue) throws Exception {
    for (int attempt = 0; attempt < 100; attempt++) {
      GetResponse response = channel.basicGet(queue, true);
      if (response != null) {
        return response;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no message arrived on " + queue);
  }

  private static MessagingSettings settings(String queue, String topicPrefix, boolean passive, List<String> routingKeys) {
    return new MessagingSettings(
        broker.amqpUrl(),
        MessagingSettings.Tls.none(),
        Map.of("app", "image-release tests"),
        topicPrefix,
        "amq.topic",
        passive,
        Map.of("amq.topic", new MessagingSettings.Exchange("topic", true, false, Map.of())),
        Map.of(queue, new MessagingSettings.Queue(false, true, false, Map.of())),
        List.of(new MessagingSettings.Binding(queue, "amq.topic", routingKeys)),
        new MessagingSettings.Qos(0, 10));
  }
}
