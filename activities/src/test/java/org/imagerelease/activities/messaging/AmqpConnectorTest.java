package org.imagerelease.activities.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AmqpConnectorTest {
  @TempDir Path directory;

  @Test
  void connectsAsFedoraDoesWithAClientCertificateAndNoPassword() throws Exception {
    TestCertificates client = TestCertificates.generate(directory, "cloud-image-uploader", "RSA");
    MessagingSettings settings =
        settings(
            "amqps://cloud-image-uploader:@rabbitmq.fedoraproject.org/%2Fpubsub",
            new MessagingSettings.Tls(client.certificatePem(), client.keyPem(), client.certificatePem()));

    AmqpConnector connector = AmqpConnector.from(settings);
    ConnectionFactory factory = connector.factory();

    assertThat(factory.getHost()).isEqualTo("rabbitmq.fedoraproject.org");
    assertThat(factory.getPort()).isEqualTo(5671);
    assertThat(factory.getVirtualHost()).isEqualTo("/pubsub");
    assertThat(factory.getUsername()).isEqualTo("cloud-image-uploader");
    assertThat(factory.isSSL()).isTrue();
    assertThat(factory.getSaslConfig()).isSameAs(DefaultSaslConfig.EXTERNAL);
    assertThat(connector.usesClientCertificate()).isTrue();
    assertThat(factory.getClientProperties()).containsEntry("app", "Image release").containsKey("product");
    assertThat(connector.endpoint()).isEqualTo("amqps://cloud-image-uploader@rabbitmq.fedoraproject.org/%2Fpubsub");
  }

  @Test
  void aPasswordIsUsedForTheLoginButNeverShown() {
    AmqpConnector connector = AmqpConnector.from(settings("amqp://image%2Drelease:s%40cret@broker.example.org:5673/%2F", MessagingSettings.Tls.none()));
    ConnectionFactory factory = connector.factory();

    assertThat(factory.getUsername()).isEqualTo("image-release");
    assertThat(factory.getPassword()).isEqualTo("s@cret");
    assertThat(factory.getPort()).isEqualTo(5673);
    assertThat(factory.getVirtualHost()).isEqualTo("/");
    assertThat(factory.isSSL()).isFalse();
    assertThat(factory.getSaslConfig()).isNotSameAs(DefaultSaslConfig.EXTERNAL);
    assertThat(connector.endpoint()).isEqualTo("amqp://image%2Drelease@broker.example.org:5673/%2F").doesNotContain("cret");
  }

  @Test
  void recoversByItselfWithBackoffAndHeartbeats() {
    ConnectionFactory factory = AmqpConnector.from(settings("amqp://guest:guest@localhost/", MessagingSettings.Tls.none()),
        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2))).factory();

    assertThat(factory.isAutomaticRecoveryEnabled()).isTrue();
    assertThat(factory.isTopologyRecoveryEnabled()).isTrue();
    assertThat(factory.getRecoveryDelayHandler().getDelay(0)).isEqualTo(200);
    assertThat(factory.getRecoveryDelayHandler().getDelay(3)).isEqualTo(1600);
    assertThat(factory.getRecoveryDelayHandler().getDelay(10)).isEqualTo(2000);
    assertThat(factory.getRequestedHeartbeat()).isEqualTo(30);
    assertThat(factory.getVirtualHost()).as("an empty path is vhost / as in pika").isEqualTo("/");
    assertThat(factory.getPort()).isEqualTo(5672);
  }

  @Test
  void badUrlsAreExplainedWithoutThePassword() {
    assertThatThrownBy(() -> AmqpConnector.from(settings("http://user:secret@broker/%2F", MessagingSettings.Tls.none())))
        .hasMessageContaining("must start with amqp:// or amqps://")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> AmqpConnector.from(settings("amqp://user:s%ZZecret@broker/%2F", MessagingSettings.Tls.none())))
        .hasMessageContaining("the password has a broken %-escape")
        .hasMessageNotContaining("ecret");
    assertThatThrownBy(() -> AmqpConnector.from(settings("amqp://broker/a/b", MessagingSettings.Tls.none())))
        .hasMessageContaining("one URL-encoded vhost");
  }

  @Test
  void anUnreachableBrokerIsNamedWithoutThePassword() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AmqpConnector connector = AmqpConnector.from(settings("amqp://guest:topsecret@127.0.0.1:" + closedPort + "/%2F", MessagingSettings.Tls.none()));

    assertThatThrownBy(() -> connector.open("test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot connect to the broker at amqp://guest@127.0.0.1:" + closedPort + "/%2F")
        .hasMessageNotContaining("topsecret");
  }

  static MessagingSettings settings(String url, MessagingSettings.Tls tls) {
    return new MessagingSettings(
        url, tls, Map.of("app", "Image release"), "", "amq.topic", false, Map.of(), Map.of(), List.of(), new MessagingSettings.Qos(0, 10));
  }
}
