package org.imagerelease.devtools.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.imagerelease.activities.messaging.AmqpConnector;
import org.imagerelease.activities.messaging.AmqpMessagePublisher;
import org.imagerelease.activities.messaging.MessagePublisher;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.starter.bus.BusEventListener;
import org.imagerelease.starter.bus.ReleaseEventTopics;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.worker.config.MessagingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's corner of a message bus. Every run has an environment of its own, {@code
 * demo-<random>}, so its topics ({@code org.fedoraproject.demo-<random>.*}) and queues ({@code
 * image-release-demo-<random>...}) meet neither a shared RabbitMQ's real traffic nor another
 * demo running at the same time. Its queues are not durable and are deleted at the end.
 */
final class DemoBus {
  static final String EXCHANGE = "amq.topic";
  private static final Logger log = LoggerFactory.getLogger(DemoBus.class);

  private final LocalBroker broker;
  private final String environment;
  private final MessagingSettings settings;

  private DemoBus(LocalBroker broker, String environment) {
    this.broker = broker;
    this.environment = environment;
    this.settings =
        new MessagingSettings(
            broker.amqpUrl(),
            MessagingSettings.Tls.none(),
            Map.of("app", "image-release demo"),
            topicPrefix(),
            EXCHANGE,
            false,
            Map.of(),
            // Without x-* arguments, which the embedded broker refuses.
            Map.of(consumerQueue(), new MessagingSettings.Queue(false, true, false, Map.of())),
            List.of(new MessagingSettings.Binding(consumerQueue(), EXCHANGE, List.of(
                ReleaseEventTopics.prefixed(topicPrefix(), DemoMessages.COMPOSE_STATUS),
                ReleaseEventTopics.prefixed(topicPrefix(), DemoMessages.RESULT_NEW)))),
            new MessagingSettings.Qos(0, 10));
  }

  /** A new environment on this broker. */
  static DemoBus on(LocalBroker broker) {
    return new DemoBus(broker, "demo-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Which broker, e.g. {@code RabbitMQ 3.12.1 at 127.0.0.1:5672}. */
  String broker() {
    return broker.description();
  }

  /** The topic prefix of everything the demo sends and the worker publishes, e.g. {@code org.fedoraproject.demo-1a2b3c4d}. */
  String topicPrefix() {
    return "org.fedoraproject." + environment;
  }

  /** The consumer's queue: compose status changes and ResultsDB results of this environment. */
  String consumerQueue() {
    return "image-release-" + environment;
  }

  /** The listener's queue: this environment's release events. */
  String eventQueue() {
    return "image-release-" + environment + "-events";
  }

  /**
   * The consumer's and the worker's bus settings: this environment, release events published,
   * and the demo's own compose, on this machine, accepted.
   */
  MessagingConfig messaging(MessagingConfig defaults) {
    return new MessagingConfig(settings, defaults.composes().withSources(ComposeSources.anywhere()), defaults.maxMessageBytes(), true);
  }

  List<MessagingSettings.Binding> consumerBindings() {
    return settings.bindings();
  }

  /** Starts watching this environment's release events. */
  BusEventListener listenToEvents() throws IOException {
    return BusEventListener.start(settings, eventQueue(), ReleaseEventTopics.bindingKeys(topicPrefix()), event -> {});
  }

  /** Publishes as Pungi and ResultsDB do: topics get this environment's prefix. */
  MessagePublisher publisher() throws IOException {
    return AmqpMessagePublisher.connect(settings, "image-release demo");
  }

  /** The local test runner's results, sent as ResultsDB {@code result.new} messages. */
  static TestResultReporter resultsOnTheBus(MessagePublisher publisher, DemoMessages messages) {
    AtomicLong resultIds = new AtomicLong();
    return (composeId, image, result) -> {
      try {
        publisher.publish(messages.resultNew(composeId, image, result, resultIds.incrementAndGet()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing the result of " + result.item(), e);
      }
    };
  }

  /** Deletes the demo's queues; one already gone (auto-deleted with its last consumer) is fine. */
  void deleteQueues() throws IOException {
    try (Connection connection = AmqpConnector.from(settings).open("image-release demo clean-up")) {
      for (String queue : List.of(consumerQueue(), eventQueue())) {
        try (Channel channel = connection.createChannel()) {
          channel.queueDelete(queue);
        } catch (IOException | TimeoutException | RuntimeException e) {
          log.debug("Queue {} was already gone: {}", queue, e.toString());
        }
      }
    }
  }
}
