package org.imagerelease.activities.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes fedora-messaging messages on {@code publish_exchange} and returns only once the
 * broker confirmed each (publisher confirms).
 *
 * <p>The routing key is the message's topic with {@code topic_prefix} in front, as
 * fedora-messaging does: publish {@code image_release.image.uploaded} with prefix {@code
 * org.fedoraproject.prod} and it goes out as {@code
 * org.fedoraproject.prod.image_release.image.uploaded}. Callers give topics without the
 * environment prefix.
 *
 * <p>With {@code publish_priority} every message goes out with that AMQP priority, mirrored in
 * its {@code priority} header, as fedora-messaging sends it.
 *
 * <p>Safe for concurrent use; messages are published one at a time. After a failure the next
 * publish opens a new channel, so a caller that retries (an activity) needs nothing else.
 */
public final class AmqpMessagePublisher implements MessagePublisher {
  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(AmqpMessagePublisher.class);

  private final Connection connection;
  private final boolean ownsConnection;
  private final String exchange;
  private final String topicPrefix;
  private final Duration confirmTimeout;
  private final Integer publishPriority;
  private final FedoraMessageCodec codec = new FedoraMessageCodec(Long.MAX_VALUE);
  private Channel channel;

  /**
   * A publisher on a connection someone else opened and closes; {@link #close()} closes only its
   * channel.
   */
  public AmqpMessagePublisher(Connection connection, MessagingSettings settings, Duration confirmTimeout) {
    this(connection, false, settings, confirmTimeout);
  }

  private AmqpMessagePublisher(Connection connection, boolean ownsConnection, MessagingSettings settings, Duration confirmTimeout) {
    this.connection = connection;
    this.ownsConnection = ownsConnection;
    this.exchange = settings.publishExchange();
    this.topicPrefix = settings.topicPrefix();
    this.confirmTimeout = confirmTimeout;
    this.publishPriority = settings.publishPriority();
  }

  /**
   * A publisher with its own connection (named {@code connectionName} on the broker), closed by
   * {@link #close()}.
   *
   * @throws IOException when the broker cannot be reached
   */
  public static AmqpMessagePublisher connect(MessagingSettings settings, String connectionName) throws IOException {
    AmqpConnector connector = AmqpConnector.from(settings);
    Connection connection = connector.open(connectionName);
    LOG.info("Publishing on exchange {} at {}", settings.publishExchange(), connector.endpoint());
    return new AmqpMessagePublisher(connection, true, settings, DEFAULT_CONFIRM_TIMEOUT);
  }

  /** The routing key a message with this topic is published with. */
  public String routingKeyOf(String topic) {
    if (topicPrefix == null || topicPrefix.isBlank()) {
      return topic;
    }
    String prefix = topicPrefix.endsWith(".") ? topicPrefix.substring(0, topicPrefix.length() - 1) : topicPrefix;
    return prefix + "." + topic;
  }

  /**
   * Publishes persistently and waits for the broker's confirmation.
   *
   * @throws IOException when the broker is unreachable, refused (nack) or did not confirm within
   *     the timeout; the message may or may not have been delivered, so a retry can duplicate it
   *     and receivers deduplicate by message id
   */
  @Override
  public synchronized void publish(FedoraMessage message) throws IOException, InterruptedException {
    AmqpMessage wire = codec.encode(withPublishPriority(message));
    String routingKey = routingKeyOf(wire.routingKey());
    try {
      Channel confirming = channel();
      confirming.basicPublish(exchange, routingKey, false, wire.properties(), wire.body());
      confirming.waitForConfirmsOrDie(confirmTimeout.toMillis());
      LOG.debug("Published message {} as {} on {}", message.id(), routingKey, exchange);
    } catch (TimeoutException e) {
      discardChannel();
      throw new IOException("the broker did not confirm message " + message.id() + " (" + routingKey + ") within " + confirmTimeout, e);
    } catch (ShutdownSignalException e) {
      discardChannel();
      throw new IOException("cannot publish message " + message.id() + " (" + routingKey + "): " + AmqpTopology.brokerAnswer(e), e);
    } catch (IOException e) {
      discardChannel();
      throw new IOException("cannot publish message " + message.id() + " (" + routingKey + ") on " + exchange + ": " + AmqpTopology.brokerAnswer(e), e);
    }
  }

  /** {@code publish_priority}, as fedora-messaging sets it: the AMQP priority, mirrored in the headers. */
  private FedoraMessage withPublishPriority(FedoraMessage message) {
    if (publishPriority == null) {
      return message;
    }
    Map<String, Object> headers = new LinkedHashMap<>(message.headers());
    headers.put(FedoraMessageCodec.PRIORITY, publishPriority);
    return new FedoraMessage(message.id(), message.topic(), headers, message.body());
  }

  private Channel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      channel = connection.createChannel();
      if (channel == null) {
        throw new IOException("the broker connection has no free channel");
      }
      channel.confirmSelect();
    }
    return channel;
  }

  /** Closes the channel after a failure, so that the next publish starts on a fresh one. */
  private void discardChannel() {
    Channel failed = channel;
    channel = null;
    if (failed != null && failed.isOpen()) {
      try {
        failed.close();
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        LOG.debug("Publisher channel was already closing: {}", e.toString());
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    discardChannel();
    if (ownsConnection && connection.isOpen()) {
      connection.close();
    }
  }
}
