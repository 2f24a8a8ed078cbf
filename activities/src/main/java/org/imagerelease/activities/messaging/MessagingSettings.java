package org.imagerelease.activities.messaging;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fedora-messaging part of the configuration file, as fedora-messaging itself reads it.
 *
 * @param amqpUrl e.g. {@code amqps://user:@rabbitmq.example.org/%2Fpubsub} (vhost URL-encoded)
 * @param tls client certificate and CA for amqps; empty paths when unused
 * @param clientProperties shown in the broker's connection list (app, app_url, app_contacts_email)
 * @param topicPrefix prepended to every topic published, e.g. {@code org.fedoraproject.prod}
 * @param publishExchange where messages are published, e.g. {@code amq.topic}
 * @param passiveDeclares only check that queues and exchanges exist, never create them
 * @param exchanges exchanges to declare, by name
 * @param queues queues to declare, by name
 * @param bindings which routing keys of which exchange each queue receives
 * @param qos prefetch of the consumers
 */
public record MessagingSettings(
    String amqpUrl,
    Tls tls,
    Map<String, String> clientProperties,
    String topicPrefix,
    String publishExchange,
    boolean passiveDeclares,
    Map<String, Exchange> exchanges,
    Map<String, Queue> queues,
    List<Binding> bindings,
    Qos qos) {

  public MessagingSettings {
    clientProperties = Map.copyOf(clientProperties);
    exchanges = Map.copyOf(exchanges);
    queues = Map.copyOf(queues);
    bindings = List.copyOf(bindings);
  }

  /** {@code [tls]}: paths to PEM files; null when not configured. */
  public record Tls(Path caCert, Path keyfile, Path certfile) {
    public static Tls none() {
      return new Tls(null, null, null);
    }

    public boolean clientCertificate() {
      return keyfile != null && certfile != null;
    }
  }

  /** {@code [exchanges."name"]}. */
  public record Exchange(String type, boolean durable, boolean autoDelete, Map<String, Object> arguments) {
    public Exchange {
      arguments = Map.copyOf(arguments);
    }
  }

  /** {@code [queues."name"]}; a dead-letter exchange is set in arguments (x-dead-letter-exchange). */
  public record Queue(boolean durable, boolean autoDelete, boolean exclusive, Map<String, Object> arguments) {
    public Queue {
      arguments = Map.copyOf(arguments);
    }
  }

  /** {@code [[bindings]]}. */
  public record Binding(String queue, String exchange, List<String> routingKeys) {
    public Binding {
      routingKeys = List.copyOf(routingKeys);
    }
  }

  /** {@code [qos]}. */
  public record Qos(int prefetchSize, int prefetchCount) {}
}
