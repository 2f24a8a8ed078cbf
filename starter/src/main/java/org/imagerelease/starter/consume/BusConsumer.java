package org.imagerelease.starter.consume;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.imagerelease.activities.messaging.AmqpConnector;
import org.imagerelease.activities.messaging.AmqpTopology;
import org.imagerelease.activities.messaging.Backoff;
import org.imagerelease.activities.messaging.FedoraMessageCodec;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.worker.config.MessagingConfig;
import org.imagerelease.worker.monitoring.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the queues of the configuration, as fedora-messaging does, but for dead-letter queues
 * (see {@link MessagingSettings#deadLetterQueues()}), whose messages wait for a person unless
 * {@code consume_dead_letter_queues} asks otherwise: connects (waiting with
 * backoff while the broker is unreachable), declares the exchanges, queues and bindings, sets
 * the prefetch of {@code [qos]}, and hands each delivery to the {@link MessageDispatcher} with
 * manual acknowledgements. A message is acknowledged only once handled, rejected without
 * requeue when unreadable, and kept while its handling may succeed later.
 *
 * <p>A lost connection or a restarted broker is recovered by itself, with backoff, declarations
 * and consumers included; consuming resumes where the broker left it. {@link #close()} stops
 * gracefully: no new deliveries, the message in hand finished, the rest left on the queue.
 */
public final class BusConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BusConsumer.class);
  private static final String CONNECTION_NAME = "image-release consumer";
  private static final int CLOSE_TIMEOUT_MILLIS = 5_000;
  private static final Duration INTERRUPTED_LOOP_GRACE = Duration.ofSeconds(2);

  /**
   * @param retry between attempts at a message whose handling may succeed later (Temporal down)
   * @param reconnect between attempts to reach the broker, at start and after a connection loss
   * @param stopGrace how long {@link #close()} waits for the message in hand
   */
  public record Tuning(Backoff retry, Backoff reconnect, Duration stopGrace) {
    public static Tuning defaults() {
      return new Tuning(
          new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), AmqpConnector.DEFAULT_RECOVERY, Duration.ofSeconds(10));
    }
  }

  private final MessagingSettings settings;
  private final AmqpConnector connector;
  private final FedoraMessageCodec codec;
  private final MessageDispatcher dispatcher;
  private final Tuning tuning;
  private final AtomicLong connectionNumber = new AtomicLong();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final List<String> consumerTags = new ArrayList<>();
  private volatile List<String> consumedQueues;
  private volatile Throwable failure;
  private volatile boolean consuming;
  private volatile Connection connection;
  private volatile Channel channel;
  private DeliveryLoop loop;
  private Thread loopThread;

  /** @throws IllegalArgumentException when the connection settings are unusable (see {@link AmqpConnector#from}) */
  public BusConsumer(MessagingConfig messaging, MessageDispatcher dispatcher, Tuning tuning) {
    this.settings = messaging.settings();
    this.connector = AmqpConnector.from(settings, tuning.reconnect());
    this.codec = new FedoraMessageCodec(messaging.maxMessageBytes());
    this.dispatcher = dispatcher;
    this.tuning = tuning;
    this.consumedQueues = messaging.consumedQueues();
    settings.deadLetterQueues().forEach(
        (deadLetters, source) -> {
          if (!consumedQueues.contains(deadLetters)) {
            LOG.info(
                "Not consuming {}, the dead-letter queue of {}: its messages stay there until `image-release dead replay` "
                    + "(consume_dead_letter_queues = true would consume it)",
                deadLetters, source);
          }
        });
  }

  /** The queues consumed, by the names the broker knows them by once started. */
  public List<String> consumedQueues() {
    return consumedQueues;
  }

  /**
   * Ready for the monitoring server: connected, its queues declared and consumed. False while it
   * waits for the broker, while a lost connection recovers, and once stopped.
   */
  public Readiness readiness() {
    Connection current = connection;
    boolean open = consuming && current != null && current.isOpen() && channel != null && channel.isOpen() && failure == null && !closing.get();
    return open
        ? Readiness.ready("broker", connector.endpoint() + ", consuming " + consumedQueues)
        : Readiness.notReady("broker", connector.endpoint() + (consuming ? ", connection lost or closed" : ", not connected and consuming yet"));
  }

  /** The dead-letter queues of the configuration, whose depth {@link #waitingDeadLetters()} tells. */
  public List<String> deadLetterQueues() {
    return List.copyOf(settings.deadLetterQueues().keySet());
  }

  /**
   * How many messages wait in each dead-letter queue, asked of the broker by a passive declare on
   * a channel of its own: asking for a queue that is missing closes the channel it is asked on.
   * Empty while not connected; a queue that is missing is left out.
   */
  public Map<String, Long> waitingDeadLetters() {
    Connection current = connection;
    if (current == null || !current.isOpen()) {
      return Map.of();
    }
    Map<String, Long> waiting = new TreeMap<>();
    for (String queue : deadLetterQueues()) {
      try (Channel probe = current.createChannel()) {
        waiting.put(queue, (long) probe.queueDeclarePassive(queue).getMessageCount());
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        LOG.debug("Could not count the messages in dead-letter queue {}: {}", queue, e.getMessage());
      }
    }
    return waiting;
  }

  /** Where it consumes, without password. */
  public String endpoint() {
    return connector.endpoint();
  }

  /**
   * Connects, declares and starts consuming; returns once consuming, or when {@link #close()} was
   * called while the broker could not be reached yet.
   *
   * @throws IOException when the broker refuses the login or a declaration (a configuration
   *     problem that waiting does not solve)
   */
  public synchronized void start() throws IOException, InterruptedException {
    Optional<Connection> opened = connect();
    if (opened.isEmpty()) {
      return;
    }
    connection = opened.get();
    watchConnection(connection);
    channel = connection.createChannel();
    Map<String, String> actualNames = AmqpTopology.declare(channel, settings);
    channel.basicQos(settings.qos().prefetchSize(), settings.qos().prefetchCount(), false);
    loop = new DeliveryLoop(channel, codec, dispatcher, tuning.retry(), connectionNumber::get);
    loopThread = new Thread(loop, "amqp-deliveries");
    loopThread.setDaemon(true);
    loopThread.start();
    consumedQueues = consumedQueues.stream().map(queue -> actualNames.getOrDefault(queue, queue)).toList();
    for (String queue : consumedQueues) {
      consumerTags.add(channel.basicConsume(queue, false, new QueueConsumer(channel, queue)));
    }
    consuming = true;
    LOG.info(
        "Consuming {} at {} (prefetch {}), handlers: {}",
        consumedQueues,
        connector.endpoint(),
        settings.qos().prefetchCount(),
        dispatcher.handlers().stream().map(MessageDispatcher::nameOf).toList());
  }

  /**
   * Waits until the consumer has stopped, closed or failed for good (the broker cancelled a
   * consumer, e.g. because its queue was deleted).
   *
   * @return the failure, if it stopped because of one
   */
  public Optional<Throwable> awaitStop() throws InterruptedException {
    stopped.await();
    return Optional.ofNullable(failure);
  }

  /** Stops consuming, finishes the message in hand (up to the stop grace), and disconnects. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    stopRequested.countDown();
    synchronized (this) {
      try {
        cancelConsumers();
        stopLoop();
        disconnect();
      } finally {
        stopped.countDown();
      }
    }
  }

  private Optional<Connection> connect() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        Connection opened = connector.open(CONNECTION_NAME);
        LOG.info("Connected to the broker at {}", connector.endpoint());
        return Optional.of(opened);
      } catch (IOException e) {
        if (e.getCause() instanceof AuthenticationFailureException) {
          throw e;
        }
        Duration wait = tuning.reconnect().delayAfter(attempt);
        LOG.warn("{}; trying again in {}", e.getMessage(), wait);
        if (stopRequested.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return Optional.empty();
        }
      }
    }
  }

  /** Logs losses and recoveries, and numbers connections so deliveries of a lost one are known. */
  private void watchConnection(Connection watched) {
    watched.addShutdownListener(
        cause -> {
          if (!cause.isInitiatedByApplication()) {
            LOG.warn("Lost the connection to the broker at {}: {}; reconnecting with backoff", connector.endpoint(), reason(cause));
          }
        });
    if (watched instanceof Recoverable recoverable) {
      recoverable.addRecoveryListener(
          new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable recovering) {
              // Before the new connection delivers anything: what came before is of the lost one.
              connectionNumber.incrementAndGet();
              LOG.info("Reconnecting to the broker at {}", connector.endpoint());
            }

            @Override
            public void handleRecovery(Recoverable recovered) {
              LOG.info("Reconnected to the broker at {}; consuming {} again", connector.endpoint(), consumedQueues);
            }
          });
    }
  }

  private void cancelConsumers() {
    if (channel == null) {
      return;
    }
    for (String tag : consumerTags) {
      try {
        if (channel.isOpen()) {
          channel.basicCancel(tag);
        }
      } catch (IOException | ShutdownSignalException e) {
        LOG.debug("Consumer {} was already gone: {}", tag, e.getMessage());
      }
    }
  }

  private void stopLoop() {
    if (loop == null) {
      return;
    }
    loop.stop();
    try {
      loopThread.join(tuning.stopGrace().toMillis());
      if (loopThread.isAlive()) {
        // Most likely a start still retrying against an unreachable Temporal: cancel it. The
        // message is not acknowledged and comes back; a start that got through is found then.
        LOG.warn("The message in hand was not finished within {}; cancelling it, the broker delivers it again", tuning.stopGrace());
        loopThread.interrupt();
        loopThread.join(INTERRUPTED_LOOP_GRACE.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void disconnect() {
    if (connection == null) {
      return;
    }
    try {
      // Closing the connection returns every unacknowledged message to its queue.
      connection.close(CLOSE_TIMEOUT_MILLIS);
      LOG.info("Disconnected from the broker at {}", connector.endpoint());
    } catch (IOException | ShutdownSignalException e) {
      LOG.debug("Connection to the broker was already closed: {}", e.getMessage());
    }
  }

  private void fail(Throwable cause) {
    failure = cause;
    Thread stopper = new Thread(this::close, "amqp-consumer-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  private void awaitQuietly() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String reason(ShutdownSignalException cause) {
    Object reason = cause.getReason();
    if (reason instanceof AMQP.Connection.Close close) {
      return close.getReplyCode() + " " + close.getReplyText();
    }
    return cause.getCause() != null ? cause.getCause().toString() : cause.getMessage();
  }

  /** Hands deliveries of one queue to the loop; a consumer the broker cancels stops the service. */
  private final class QueueConsumer extends DefaultConsumer {
    private final String queue;
    private final boolean deadLettered;

    QueueConsumer(Channel channel, String queue) {
      super(channel);
      this.queue = queue;
      MessagingSettings.Queue declared = settings.queues().get(queue);
      this.deadLettered = declared != null && declared.deadLetterExchange().isPresent();
    }

    @Override
    public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      loop.accept(
          new DeliveryLoop.Delivery(envelope.getDeliveryTag(), envelope.getRoutingKey(), properties, body, connectionNumber.get(), deadLettered));
    }

    @Override
    public void handleCancel(String consumerTag) {
      LOG.error("The broker stopped delivering queue {} (was it deleted?); stopping", queue);
      fail(new IOException("the broker cancelled the consumer of queue " + queue));
    }
  }

}
