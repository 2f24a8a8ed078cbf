package org.imagerelease.starter.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.imagerelease.activities.messaging.Backoff;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.FedoraMessageCodec;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.messaging.MalformedMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles deliveries one at a time, in order, on its own thread, and settles each: ack, reject
 * without requeue, or keep it and try again after a backoff. The broker's threads only hand
 * deliveries over, so a message waiting for Temporal never blocks heartbeats or recovery.
 *
 * <p>A delivery belongs to one connection: after the connection was lost its delivery tag means
 * nothing, and the broker delivers the message again on the recovered connection. Such stale
 * deliveries are dropped here, not handled twice.
 */
final class DeliveryLoop implements Runnable {
  /**
   * One message as the broker delivered it, and the connection it came on; {@code deadLettered}
   * when its queue has a dead-letter exchange, so that a rejection moves it there.
   */
  record Delivery(long tag, String routingKey, AMQP.BasicProperties properties, byte[] body, long connection, boolean deadLettered) {}

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
  private static final Delivery END = new Delivery(-1, "", null, new byte[0], -1, false);

  private final Channel channel;
  private final FedoraMessageCodec codec;
  private final MessageDispatcher dispatcher;
  private final Backoff retryBackoff;
  private final LongSupplier currentConnection;
  private final BlockingQueue<Delivery> pending = new LinkedBlockingQueue<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  DeliveryLoop(Channel channel, FedoraMessageCodec codec, MessageDispatcher dispatcher, Backoff retryBackoff, LongSupplier currentConnection) {
    this.channel = channel;
    this.codec = codec;
    this.dispatcher = dispatcher;
    this.retryBackoff = retryBackoff;
    this.currentConnection = currentConnection;
  }

  /** Called on the broker's consumer thread: queue and return at once. */
  void accept(Delivery delivery) {
    pending.add(delivery);
  }

  /**
   * Asks the loop to stop: the message in hand is finished (one waiting to be retried stays
   * unacknowledged), the ones queued behind it are left to the broker, which delivers them again
   * once the channel closes.
   */
  void stop() {
    stopRequested.countDown();
    pending.add(END);
  }

  @Override
  public void run() {
    try {
      while (!stopping()) {
        Delivery delivery = pending.take();
        if (delivery == END || stopping()) {
          break;
        }
        process(delivery);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("Delivery loop stopped with {} unhandled deliveries left to the broker", pending.size());
  }

  private void process(Delivery delivery) throws InterruptedException {
    if (stale(delivery)) {
      LOG.debug("Dropped delivery {} from a lost connection; the broker delivers the message again", delivery.tag());
      return;
    }
    FedoraMessage message;
    try {
      message = codec.decode(delivery.routingKey(), delivery.properties(), delivery.body());
    } catch (MalformedMessageException e) {
      LOG.warn("Rejected message {} ({}): {}", e.messageId(), delivery.routingKey(), e.reason());
      ReleaseMetrics.messageRejected("malformed");
      reject(delivery, e.messageId());
      return;
    }
    for (int attempt = 1; ; attempt++) {
      HandlingOutcome outcome = dispatcher.dispatch(message);
      switch (outcome) {
        case ACK -> {
          ReleaseMetrics.messageConsumed();
          ack(delivery, message.id());
          return;
        }
        case REJECT -> {
          ReleaseMetrics.messageRejected("handler");
          reject(delivery, message.id());
          return;
        }
        case RETRY_LATER -> {
          ReleaseMetrics.messageRetried();
          Duration wait = retryBackoff.delayAfter(attempt);
          LOG.warn("Message {} ({}) is kept unacknowledged; attempt {} failed, next in {}", message.id(), message.topic(), attempt, wait);
          if (stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.info("Stopping: message {} stays on its queue unacknowledged and is delivered again", message.id());
            return;
          }
          if (stale(delivery)) {
            LOG.info("The connection was lost while message {} waited; the broker delivers it again", message.id());
            return;
          }
        }
      }
    }
  }

  private boolean stale(Delivery delivery) {
    return delivery.connection() != currentConnection.getAsLong();
  }

  private boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  private void ack(Delivery delivery, String messageId) {
    settle(delivery, messageId, true);
  }

  /** Without requeue: to the queue's dead-letter exchange if it has one, else dropped by the broker. */
  private void reject(Delivery delivery, String messageId) {
    if (delivery.deadLettered()) {
      ReleaseMetrics.messageDeadLettered();
    }
    settle(delivery, messageId, false);
  }

  private void settle(Delivery delivery, String messageId, boolean ack) {
    if (stale(delivery)) {
      LOG.info("The connection was lost before message {} was settled; the broker delivers it again and it is handled once more (idempotently)", messageId);
      return;
    }
    try {
      if (ack) {
        channel.basicAck(delivery.tag(), false);
      } else {
        channel.basicReject(delivery.tag(), false);
      }
    } catch (IOException | ShutdownSignalException e) {
      LOG.warn("Could not {} message {}: {}; the broker delivers it again", ack ? "acknowledge" : "reject", messageId, e.getMessage());
    }
  }
}
