package org.imagerelease.starter.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.imagerelease.activities.messaging.Backoff;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;

/**
 * One test's consumer setup on a broker: its own queue and topic environment (so that a shared
 * RabbitMQ's other traffic and leftovers never reach it), the configuration file the consumer
 * reads, consumers started from it, and a publisher that sends as fedora-messaging does. Closing
 * it stops the consumers and deletes what it declared.
 */
final class ConsumerFixture implements AutoCloseable {
  static final BusConsumer.Tuning FAST =
      new BusConsumer.Tuning(
          new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)), new Backoff(Duration.ofMillis(100), Duration.ofMillis(500)), Duration.ofSeconds(5));

  final String environment = "t" + UUID.randomUUID().toString().substring(0, 8);
  final String queue = "image-release-test-" + environment;
  private final String amqpUrl;
  private final Path directory;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<String> declaredQueues = new ArrayList<>(List.of(queue));
  private final List<String> declaredExchanges = new ArrayList<>();
  private Connection publisherConnection;
  private Channel publisher;

  ConsumerFixture(String amqpUrl, Path directory) {
    this.amqpUrl = amqpUrl;
    this.directory = directory;
  }

  /** The configuration file of this test's consumer, as an operator would write it. */
  ImageReleaseConfig config(String temporalAddress, Map<String, Object> queueArguments, String more) throws IOException {
    String arguments =
        queueArguments.entrySet().stream()
            .map(e -> e.getKey() + " = " + (e.getValue() instanceof String s ? "\"" + s + "\"" : e.getValue()))
            .collect(Collectors.joining(", ", "{ ", " }"));
    String toml =
        """
        amqp_url = "%s"

        [client_properties]
        app = "image-release consumer test"

        [queues."%s"]
        durable = false
        auto_delete = false
        arguments = %s

        [[bindings]]
        queue = "%s"
        exchange = "amq.topic"
        routing_keys = ["%s"]

        [qos]
        prefetch_count = 5

        [consumer_config.temporal]
        target = "%s"

        %s
        """
            .formatted(amqpUrl, queue, arguments, queue, ComposeMessages.topic(environment), temporalAddress, more);
    Path file = Files.writeString(directory.resolve("config-" + environment + ".toml"), toml);
    return new ConfigLoader(Map.of()).load(Optional.of(file));
  }

  /**
   * Starts a consumer of this configuration, as {@code image-release consume} does, with the
   * compose handler wrapped so the test sees its decisions. The composes its messages name are
   * not served: each is taken to be at its location (ComposeMessageHandlerTest checks that a
   * compose id is held to its metadata).
   */
  Started startConsumer(ImageReleaseConfig config) throws Exception {
    TemporalConnection temporal = ConsumerTemporal.connect(config.temporal(), Duration.ofMillis(500), Duration.ofMillis(500));
    started.add(temporal);
    ReleaseClient releases = new ReleaseClient(temporal.client(), config.temporal().taskQueue());
    RecordingHandler recording =
        new RecordingHandler(
            new ComposeMessageHandler(releases, config.messaging().composes(), config.releaseSettings(), ComposeMessages.composeNamedInPath()));
    BusConsumer consumer = new BusConsumer(config.messaging(), new MessageDispatcher(List.of(recording)), FAST);
    started.add(consumer);
    consumer.start();
    return new Started(consumer, recording);
  }

  record Started(BusConsumer consumer, RecordingHandler decisions) {}

  /** Publishes a compose message as Pungi does through fedora-messaging; returns its id. */
  String publishCompose(String composeId, String status) throws IOException {
    return publish(UUID.randomUUID().toString(), ComposeMessages.headers(), ComposeMessages.body(composeId, status).toString());
  }

  String publish(String messageId, Map<String, Object> headers, String body) throws IOException {
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType("application/json")
            .contentEncoding("utf-8")
            .deliveryMode(2)
            .messageId(messageId)
            .headers(headers)
            .build();
    publisher().basicPublish("amq.topic", ComposeMessages.topic(environment), properties, body.getBytes(StandardCharsets.UTF_8));
    return messageId;
  }

  /** Ready messages on this test's queue (unacknowledged ones held by a consumer do not count). */
  int messagesOnQueue() throws IOException {
    return publisher().queueDeclarePassive(queue).getMessageCount();
  }

  int consumersOnQueue() throws IOException {
    return publisher().queueDeclarePassive(queue).getConsumerCount();
  }

  /** A fanout exchange and a queue bound to it, to dead-letter into; deleted at the end. */
  String declareDeadLetterQueue(String exchange, String deadLetterQueue) throws IOException {
    publisher().exchangeDeclare(exchange, "fanout", false, false, Map.of());
    publisher().queueDeclare(deadLetterQueue, false, false, false, Map.of());
    publisher().queueBind(deadLetterQueue, exchange, "");
    declaredExchanges.add(exchange);
    declaredQueues.add(deadLetterQueue);
    return deadLetterQueue;
  }

  /** The ids of the messages on a queue, taken off it. */
  List<String> drain(String someQueue, int expected) throws Exception {
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ids.size() < expected && System.nanoTime() < deadline) {
      var response = publisher().basicGet(someQueue, true);
      if (response == null) {
        Thread.sleep(50);
      } else {
        ids.add(response.getProps().getMessageId());
      }
    }
    return ids;
  }

  /** The publishing channel; reopened when a broker restart or a failed passive declare closed it. */
  Channel publisher() throws IOException {
    if (publisher == null || !publisher.isOpen()) {
      if (publisherConnection == null || !publisherConnection.isOpen()) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
          factory.setUri(amqpUrl);
        } catch (Exception e) {
          throw new IOException(e);
        }
        factory.setAutomaticRecoveryEnabled(false);
        try {
          publisherConnection = factory.newConnection("image-release consumer test publisher");
        } catch (TimeoutException e) {
          throw new IOException(e);
        }
      }
      publisher = publisherConnection.createChannel();
    }
    return publisher;
  }

  /** The releases Temporal has of this compose. */
  static List<ReleaseSummary> releasesOf(ReleaseClient releases, String composeId) {
    return releases.list(Optional.empty()).releases().stream().filter(r -> r.composeId().equals(composeId)).toList();
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> reversed = new ArrayList<>(started);
    Collections.reverse(reversed);
    for (AutoCloseable closeable : reversed) {
      closeable.close();
    }
    try {
      declaredQueues.forEach(declared -> deleteQuietly(channel -> channel.queueDelete(declared)));
      declaredExchanges.forEach(exchange -> deleteQuietly(channel -> channel.exchangeDelete(exchange)));
    } finally {
      if (publisherConnection != null && publisherConnection.isOpen()) {
        publisherConnection.close();
      }
    }
  }

  private interface Deletion {
    void on(Channel channel) throws IOException;
  }

  private void deleteQuietly(Deletion deletion) {
    try {
      deletion.on(publisher());
    } catch (IOException | RuntimeException e) {
      // Never declared (the consumer did not get that far) or the broker is gone: nothing to clean.
    }
  }
}
