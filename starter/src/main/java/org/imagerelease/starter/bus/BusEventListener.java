package org.imagerelease.starter.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.imagerelease.activities.messaging.AmqpConnector;
import org.imagerelease.activities.messaging.FedoraMessageCodec;
import org.imagerelease.activities.messaging.MalformedMessageException;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the bus for a person or a test, without taking anything from anyone else: its own
 * queue, exclusive to its connection, not durable, deleted when it closes, bound to the given
 * routing keys on {@code publish_exchange}. Every message that arrives is kept as a {@link
 * BusEvent} and handed to a callback, in arrival order.
 */
public final class BusEventListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BusEventListener.class);

  private final Connection connection;
  private final String queue;
  private final String endpoint;
  private final Consumer<BusEvent> onEvent;
  private final FedoraMessageCodec codec = new FedoraMessageCodec(Long.MAX_VALUE);
  private final List<BusEvent> events = new ArrayList<>();

  private BusEventListener(Connection connection, String queue, String endpoint, Consumer<BusEvent> onEvent) {
    this.connection = connection;
    this.queue = queue;
    this.endpoint = endpoint;
    this.onEvent = onEvent;
  }

  /**
   * Declares the queue, binds it and starts listening; messages published from now on are seen.
   *
   * @param queue a name no other client uses, e.g. with a random part
   * @param routingKeys binding keys on the settings' {@code publish_exchange}, e.g. {@link ReleaseEventTopics#bindingKeys}
   * @param onEvent told of every message, on the client's delivery thread
   * @throws IOException when the broker cannot be reached or refuses the queue
   */
  public static BusEventListener start(MessagingSettings settings, String queue, List<String> routingKeys, Consumer<BusEvent> onEvent)
      throws IOException {
    AmqpConnector connector = AmqpConnector.from(settings);
    Connection connection = connector.open("image-release event listener");
    try {
      BusEventListener listener = new BusEventListener(connection, queue, connector.endpoint(), onEvent);
      Channel channel = connection.createChannel();
      // Exclusive and auto-deleted: gone with this connection, whatever happens to this process.
      channel.queueDeclare(queue, false, true, true, Map.of());
      for (String routingKey : routingKeys) {
        channel.queueBind(queue, settings.publishExchange(), routingKey);
      }
      channel.basicConsume(queue, true, listener.new Deliveries(channel));
      log.info("Listening to {} on {} at {} (queue {})", routingKeys, settings.publishExchange(), connector.endpoint(), queue);
      return listener;
    } catch (IOException | RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** The queue it listens on. */
  public String queue() {
    return queue;
  }

  /** Where it listens, without password. */
  public String endpoint() {
    return endpoint;
  }

  /** What it has seen so far, in arrival order. */
  public synchronized List<BusEvent> events() {
    return List.copyOf(events);
  }

  /**
   * Waits until a message that matches has been seen, or the time is up.
   *
   * @return whether one was seen
   */
  public synchronized boolean awaitEvent(Predicate<BusEvent> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.stream().noneMatch(wanted)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Deletes the queue and disconnects. */
  @Override
  public void close() {
    if (!connection.isOpen()) {
      return;
    }
    try (Channel channel = connection.createChannel()) {
      channel.queueDelete(queue);
    } catch (Exception e) {
      log.debug("Queue {} was already gone: {}", queue, e.toString());
    }
    closeQuietly(connection);
  }

  private void seen(BusEvent event) {
    synchronized (this) {
      events.add(event);
      notifyAll();
    }
    onEvent.accept(event);
  }

  private static void closeQuietly(Connection connection) {
    try {
      if (connection.isOpen()) {
        connection.close();
      }
    } catch (IOException | ShutdownSignalException e) {
      log.debug("The listener's connection was already closing: {}", e.toString());
    }
  }

  private final class Deliveries extends DefaultConsumer {
    Deliveries(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      String topic = envelope.getRoutingKey();
      try {
        seen(BusEvent.of(codec.decode(topic, properties, body)));
      } catch (MalformedMessageException e) {
        seen(new BusEvent(topic, e.messageId(), "not a fedora-messaging message: " + e.reason()));
      }
    }
  }
}
