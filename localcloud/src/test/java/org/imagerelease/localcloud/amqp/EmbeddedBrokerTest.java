package org.imagerelease.localcloud.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
  /** Starting and stopping takes a second or two: one broker serves the tests that leave it running. */
  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedBroker.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void routesATopicMessageToABoundQueueWithPublisherConfirms() throws Exception {
    try (Connection connection = connect(broker.amqpUrl());
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("composes", true, false, false, Map.of());
      channel.queueBind("composes", "amq.topic", "org.fedoraproject.*.pungi.compose.status.change");
      channel.confirmSelect();

      channel.basicPublish("amq.topic", "org.fedoraproject.prod.pungi.compose.status.change", null, "{}".getBytes(StandardCharsets.UTF_8));
      channel.waitForConfirmsOrDie(5_000);

      GetResponse delivered = channel.basicGet("composes", true);
      assertThat(delivered).isNotNull();
      assertThat(new String(delivered.getBody(), StandardCharsets.UTF_8)).isEqualTo("{}");
      assertThat(broker.amqpUrl()).startsWith("amqp://guest:guest@127.0.0.1:").endsWith("/%2F");
      assertThat(broker.product()).isEqualTo("Qpid Broker-J 10.1.0");
    }
  }

  /** In image-release.jar the broker's own version is the manifest's, image-release's; Qpid's Maven metadata is still there. */
  @Test
  void itsVersionIsQpidsEvenInsideARepackagedJar(@TempDir Path classes) throws IOException {
    Path metadata = classes.resolve("META-INF/maven/org.apache.qpid/qpid-broker-core/pom.properties");
    Files.createDirectories(metadata.getParent());
    Files.writeString(metadata, "artifactId=qpid-broker-core\ngroupId=org.apache.qpid\nversion=9.8.7\n");

    try (URLClassLoader repackaged = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      assertThat(EmbeddedBroker.qpidVersion(repackaged)).contains("9.8.7");
    }
    try (URLClassLoader withoutMetadata = new URLClassLoader(new URL[0], null)) {
      assertThat(EmbeddedBroker.qpidVersion(withoutMetadata)).isEmpty();
    }
  }

  @Test
  void aRejectedMessageGoesToTheQueuesAlternateExchange() throws Exception {
    try (Connection connection = connect(broker.amqpUrl());
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("dead-letters", "fanout", false, false, Map.of());
      channel.queueDeclare("dead", false, false, false, Map.of());
      channel.queueBind("dead", "dead-letters", "");
      channel.queueDeclare("work", false, false, false, LocalBroker.qpidDeadLetterArguments("dead-letters"));
      channel.basicPublish("", "work", null, "bad".getBytes(StandardCharsets.UTF_8));

      GetResponse delivered = channel.basicGet("work", false);
      channel.basicReject(delivered.getEnvelope().getDeliveryTag(), false);

      assertThat(channel.basicGet("dead", true)).isNotNull().satisfies(d -> assertThat(d.getBody()).asString().isEqualTo("bad"));
    }
  }

  @Test
  void refusesRabbitMqQueueArgumentsWithAConnectionError() throws Exception {
    try (Connection connection = connect(broker.amqpUrl())) {
      Channel channel = connection.createChannel();

      assertThatThrownBy(() -> channel.queueDeclare("rabbit-style", false, false, false, Map.of("x-dead-letter-exchange", "dead-letters")))
          .isInstanceOf(IOException.class)
          .hasStackTraceContaining("Unsupported queue declare argument(s) : x-dead-letter-exchange");
    } catch (AlreadyClosedException closedByTheBroker) {
      // Closing a connection the broker closed: the refusal is what this test is about.
    }
  }

  @Test
  void closingClientConnectionsDropsThemWhileTheBrokerKeepsRunning() throws Exception {
    Connection connection = connect(broker.amqpUrl());
    assertThat(broker.openConnections()).isPositive();

    broker.closeClientConnections();

    waitUntilClosed(connection);
    assertThat(connection.isOpen()).isFalse();
    try (Connection again = connect(broker.amqpUrl())) {
      assertThat(again.isOpen()).isTrue();
    }
  }

  @Test
  void restartsEmptyOnTheSamePort() throws Exception {
    EmbeddedBroker first = EmbeddedBroker.start();
    int port = first.port();
    try (Connection connection = connect(first.amqpUrl()); Channel channel = connection.createChannel()) {
      channel.queueDeclare("kept-in-memory", false, false, false, Map.of());
    }
    first.close();
    assertThatThrownBy(() -> connect(first.amqpUrl()).close()).isInstanceOf(IOException.class);

    try (EmbeddedBroker second = EmbeddedBroker.start(port); Connection connection = connect(second.amqpUrl())) {
      Channel channel = connection.createChannel();
      assertThat(second.port()).isEqualTo(port);
      assertThatThrownBy(() -> channel.queueDeclarePassive("kept-in-memory")).isInstanceOf(IOException.class);
    }
  }

  private static Connection connect(String url) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(url);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(2_000);
    return factory.newConnection("embedded-broker-test");
  }

  private static void waitUntilClosed(Connection connection) throws InterruptedException {
    for (int i = 0; i < 100 && connection.isOpen(); i++) {
      Thread.sleep(50);
    }
  }
}
