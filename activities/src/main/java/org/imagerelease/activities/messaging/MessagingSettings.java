package org.imagerelease.activities.messaging;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fedora-messaging part of the configuration file, as fedora-messaging itself reads it.
 *
 * @param amqpUrl e.g. {@code amqps://user:@rabbitmq.example.org/%2Fpubsub} (vhost URL-encoded)
 * @param tls client certificate and CA for amqps; empty paths when unused
 * @param clientProperties shown in the broker's connection list (app, app_url, app_contacts_email);
 *     strings, or lists of strings (Fedora's configs give {@code app_contacts_email} as a list)
 * @param topicPrefix prepended to every topic published, e.g. {@code org.fedoraproject.prod}
 * @param publishExchange where messages are published, e.g. {@code amq.topic}
 * @param passiveDeclares only check that queues and exchanges exist, never create them
 * @param exchanges exchanges to declare, by name
 * @param queues queues to declare, by name
 * @param bindings which routing keys of which exchange each queue receives
 * @param qos prefetch of the consumers
 * @param publishPriority the AMQP priority of published messages ({@code publish_priority}); null
 *     when not set, which brokers take as 0
 */
public record MessagingSettings(
    String amqpUrl,
    Tls tls,
    Map<String, Object> clientProperties,
    String topicPrefix,
    String publishExchange,
    boolean passiveDeclares,
    Map<String, Exchange> exchanges,
    Map<String, Queue> queues,
    List<Binding> bindings,
    Qos qos,
    Integer publishPriority) {

  /** The name fedora-messaging gives the queue it lets the broker name: a binding without {@code queue} binds it. */
  public static final String SERVER_NAMED_QUEUE = "";

  /** The queue arguments that name where the broker sends a queue's rejected messages. */
  static final List<String> DEAD_LETTER_EXCHANGE_ARGUMENTS =
      // RabbitMQ's, and Qpid's (the embedded broker of the tests and the demo).
      List.of("x-dead-letter-exchange", "alternateExchange");

  public MessagingSettings {
    clientProperties = Collections.unmodifiableMap(new LinkedHashMap<>(clientProperties));
    exchanges = Collections.unmodifiableMap(new LinkedHashMap<>(exchanges));
    queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    bindings = List.copyOf(bindings);
  }

  /** Settings without {@code publish_priority}. */
  public MessagingSettings(
      String amqpUrl,
      Tls tls,
      Map<String, ?> clientProperties,
      String topicPrefix,
      String publishExchange,
      boolean passiveDeclares,
      Map<String, Exchange> exchanges,
      Map<String, Queue> queues,
      List<Binding> bindings,
      Qos qos) {
    this(amqpUrl, tls, new LinkedHashMap<String, Object>(clientProperties), topicPrefix, publishExchange, passiveDeclares, exchanges, queues, bindings, qos, null);
  }

  /**
   * The queues that are some configured queue's dead-letter destination: bound to the exchange a
   * queue's {@code x-dead-letter-exchange} names (or, for the default exchange, named by its
   * {@code x-dead-letter-routing-key}). A consumer leaves them alone: what lands there stays
   * until a person looks at it. Each maps to the queue whose rejects it receives.
   */
  public Map<String, String> deadLetterQueues() {
    Map<String, String> deadLetterQueues = new LinkedHashMap<>();
    queues.forEach(
        (source, queue) ->
            queue.deadLetterExchange()
                .ifPresent(
                    exchange -> {
                      if (exchange.isEmpty()) {
                        Object routingKey = queue.arguments().get("x-dead-letter-routing-key");
                        if (routingKey != null) {
                          deadLetterQueues.putIfAbsent(routingKey.toString(), source);
                        }
                      }
                      bindings.stream()
                          .filter(binding -> binding.exchange().equals(exchange))
                          .forEach(binding -> deadLetterQueues.putIfAbsent(binding.queue(), source));
                    }));
    return deadLetterQueues;
  }

  /** The queues a consumer consumes: every configured one but dead-letter queues, unless those are asked for too. */
  public List<String> consumedQueues(boolean deadLetterQueuesToo) {
    Map<String, String> deadLetters = deadLetterQueues();
    return queues.keySet().stream().filter(name -> deadLetterQueuesToo || !deadLetters.containsKey(name)).toList();
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

    /** What fedora-messaging declares when no queue is named: the broker names it; it lives as long as the connection. */
    public static Queue serverNamed() {
      return new Queue(false, true, true, Map.of());
    }

    /** The exchange the broker sends this queue's rejected messages to, if any ({@code ""} is the default exchange). */
    public Optional<String> deadLetterExchange() {
      return DEAD_LETTER_EXCHANGE_ARGUMENTS.stream()
          .map(arguments::get)
          .filter(java.util.Objects::nonNull)
          .map(Object::toString)
          .findFirst();
    }
  }

  /**
   * {@code [[bindings]]}: {@code queue} is {@link #SERVER_NAMED_QUEUE} when the file names none;
   * {@code arguments} are the binding's own (headers exchanges match on them).
   */
  public record Binding(String queue, String exchange, List<String> routingKeys, Map<String, Object> arguments) {
    public Binding {
      routingKeys = List.copyOf(routingKeys);
      arguments = arguments == null ? Map.of() : Map.copyOf(arguments);
    }

    public Binding(String queue, String exchange, List<String> routingKeys) {
      this(queue, exchange, routingKeys, Map.of());
    }
  }

  /** {@code [qos]}. */
  public record Qos(int prefetchSize, int prefetchCount) {}
}
