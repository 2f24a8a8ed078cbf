package org.imagerelease.localcloud.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;
import java.util.Optional;

/**
 * The AMQP broker tests and the demo use: the RabbitMQ on 127.0.0.1:5672 when it answers as
 * {@code guest}/{@code guest} within a moment (it does on developer machines and in CI), else an
 * {@link EmbeddedBroker} started for the occasion. {@link #description()} says which, so a test
 * log always tells what it ran against.
 *
 * <p>The system property {@value #CHOICE_PROPERTY} ({@code embedded} or {@code rabbitmq}) forces
 * the choice, e.g. to run a whole suite on the embedded broker on a machine with RabbitMQ.
 */
public final class LocalBroker implements AutoCloseable {
  public static final String CHOICE_PROPERTY = "imagerelease.broker";
  public static final String RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/%2F";
  private static final int PROBE_TIMEOUT_MILLIS = 1_000;

  private final String amqpUrl;
  private final String description;
  private final EmbeddedBroker embedded;

  private LocalBroker(String amqpUrl, String description, EmbeddedBroker embedded) {
    this.amqpUrl = amqpUrl;
    this.description = description;
    this.embedded = embedded;
  }

  /** The local RabbitMQ if it answers, else a new embedded broker. */
  public static LocalBroker realOrEmbedded() {
    String choice = System.getProperty(CHOICE_PROPERTY, "");
    if (choice.equals("embedded")) {
      return embedded("embedded broker forced by -D" + CHOICE_PROPERTY + "=embedded");
    }
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(RABBITMQ_URL);
      factory.setAutomaticRecoveryEnabled(false);
      factory.setConnectionTimeout(PROBE_TIMEOUT_MILLIS);
      factory.setHandshakeTimeout(PROBE_TIMEOUT_MILLIS);
      try (Connection probe = factory.newConnection("image-release broker probe")) {
        Map<String, Object> server = probe.getServerProperties();
        String product = server.getOrDefault("product", "AMQP broker") + " " + server.getOrDefault("version", "");
        return new LocalBroker(RABBITMQ_URL, product.strip() + " at 127.0.0.1:5672", null);
      }
    } catch (Exception e) {
      if (choice.equals("rabbitmq")) {
        throw new IllegalStateException("-D" + CHOICE_PROPERTY + "=rabbitmq, but no RabbitMQ answers at 127.0.0.1:5672: " + e, e);
      }
      return embedded("no RabbitMQ answered at 127.0.0.1:5672: " + e.getClass().getSimpleName());
    }
  }

  /** Always a new embedded broker. */
  public static LocalBroker embedded() {
    return embedded("started for this run");
  }

  private static LocalBroker embedded(String why) {
    EmbeddedBroker broker = EmbeddedBroker.start();
    return new LocalBroker(broker.amqpUrl(), "embedded " + broker.product() + " at 127.0.0.1:" + broker.port() + " (" + why + ")", broker);
  }

  /** The {@code amqp_url} to give clients; the user is guest/guest, the vhost {@code /}. */
  public String amqpUrl() {
    return amqpUrl;
  }

  /** Which broker this is, e.g. {@code RabbitMQ 3.12.1 at 127.0.0.1:5672}. */
  public String description() {
    return description;
  }

  /** The embedded broker, when this is one. */
  public Optional<EmbeddedBroker> embeddedBroker() {
    return Optional.ofNullable(embedded);
  }

  /**
   * The queue arguments that send this broker's rejected messages to an exchange: RabbitMQ's
   * {@code x-dead-letter-exchange}, or, on the embedded broker, Qpid's {@code alternateExchange}
   * with a delivery limit: Qpid puts a message rejected without requeue back on its queue (for
   * other consumers) until it was delivered that many times, and only then dead-letters it.
   */
  public Map<String, Object> deadLetterArguments(String exchange) {
    return embedded != null ? qpidDeadLetterArguments(exchange) : Map.of("x-dead-letter-exchange", exchange);
  }

  static Map<String, Object> qpidDeadLetterArguments(String exchange) {
    return Map.of("alternateExchange", exchange, "x-qpid-maximum-delivery-count", 1);
  }

  /** Stops the embedded broker, if this is one; a real broker is left as it is. */
  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
