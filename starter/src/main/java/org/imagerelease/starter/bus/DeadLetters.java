package org.imagerelease.starter.bus;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.imagerelease.activities.messaging.AmqpConnector;
import org.imagerelease.activities.messaging.AmqpTopology;
import org.imagerelease.activities.messaging.MessagingSettings;

/**
 * The messages in dead-letter queues: listed without taking them off (each is fetched
 * unacknowledged and handed back when the channel closes), and replayed: published again to the
 * exchange with the routing key it was first published with (RabbitMQ's {@code x-death} header
 * says which; else the exchange the rejecting queue is bound to), with its id, headers and body,
 * the broker's death headers left off; taken off the dead-letter queue only once the broker
 * confirmed the new copy. A replayed message reaches every queue bound to its topic, as the
 * original did; it keeps its id, so a consumer that drops repeats by id sees it once.
 */
public final class DeadLetters implements AutoCloseable {
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
  private static final int BODY_START = 120;
  /** Headers the broker adds when it dead-letters a message; a replayed message goes without them. */
  private static final Predicate<String> DEATH_HEADER = name -> name.equals("x-death") || name.startsWith("x-first-death-") || name.startsWith("x-last-death-");

  private final MessagingSettings settings;
  private final Connection connection;

  private DeadLetters(MessagingSettings settings, Connection connection) {
    this.settings = settings;
    this.connection = connection;
  }

  /** Connects to the configured broker. */
  public static DeadLetters connect(MessagingSettings settings) throws IOException {
    return new DeadLetters(settings, AmqpConnector.from(settings).open("image-release dead"));
  }

  /**
   * The dead-letter queues to look at: the one asked for, else every configured one.
   *
   * @throws IllegalArgumentException when none is asked for and none is configured
   */
  public static List<String> queues(MessagingSettings settings, Optional<String> asked) {
    if (asked.isPresent()) {
      return List.of(asked.get());
    }
    List<String> configured = List.copyOf(settings.deadLetterQueues().keySet());
    if (configured.isEmpty()) {
      throw new IllegalArgumentException(
          "the configuration has no dead-letter queue (a queue bound to the exchange a queue's x-dead-letter-exchange names); pass --queue NAME");
    }
    return configured;
  }

  /** Every message in the queue, oldest first; the queue keeps them. */
  public List<DeadLetter> list(String queue) throws IOException {
    try (Fetched fetched = fetch(queue)) {
      return fetched.letters().stream().map(Fetched.Letter::deadLetter).toList();
    }
  }

  /**
   * Publishes again the messages of the queue that {@code selected} picks, each taken off the
   * queue once the broker confirmed its copy; the others stay.
   *
   * @return the messages replayed
   */
  public List<DeadLetter> replay(String queue, Predicate<DeadLetter> selected) throws IOException, InterruptedException {
    List<DeadLetter> replayed = new ArrayList<>();
    try (Fetched fetched = fetch(queue)) {
      Channel channel = fetched.channel();
      channel.confirmSelect();
      for (Fetched.Letter letter : fetched.letters()) {
        if (!selected.test(letter.deadLetter())) {
          continue;
        }
        DeadLetter dead = letter.deadLetter();
        channel.basicPublish(dead.exchange(), dead.topic(), false, withoutDeathHeaders(letter.response().getProps()), letter.response().getBody());
        try {
          channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (TimeoutException e) {
          throw new IOException("the broker did not confirm the replay of message " + dead.messageId() + " within " + CONFIRM_TIMEOUT
              + "; it is still in " + queue, e);
        }
        channel.basicAck(letter.response().getEnvelope().getDeliveryTag(), false);
        replayed.add(dead);
      }
    }
    return replayed;
  }

  @Override
  public void close() throws IOException {
    if (connection.isOpen()) {
      connection.close();
    }
  }

  /** Takes every message of the queue unacknowledged; closing hands back the ones not acknowledged. */
  private Fetched fetch(String queue) throws IOException {
    Channel channel = connection.createChannel();
    try {
      int count = channel.queueDeclarePassive(queue).getMessageCount();
      List<Fetched.Letter> letters = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        GetResponse response = channel.basicGet(queue, false);
        if (response == null) {
          break;
        }
        letters.add(new Fetched.Letter(response, describe(queue, response)));
      }
      return new Fetched(channel, letters);
    } catch (IOException e) {
      throw new IOException("cannot read queue " + queue + ": " + AmqpTopology.brokerAnswer(e), e);
    }
  }

  private DeadLetter describe(String queue, GetResponse response) {
    AMQP.BasicProperties properties = response.getProps();
    Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
    Map<?, ?> death = firstDeath(headers);
    String topic = firstRoutingKey(death).orElse(response.getEnvelope().getRoutingKey());
    String fromQueue = text(death.get("queue"));
    String exchange = death.containsKey("exchange") ? text(death.get("exchange")) : exchangeOf(queue);
    Object count = death.get("count");
    Object time = death.get("time");
    byte[] body = response.getBody();
    String start = new String(body, 0, Math.min(body.length, BODY_START * 4), StandardCharsets.UTF_8);
    return new DeadLetter(
        queue,
        properties.getMessageId() == null ? "" : properties.getMessageId(),
        topic,
        exchange,
        fromQueue,
        text(death.get("reason")),
        count instanceof Number number ? number.longValue() : 1,
        time instanceof Date date ? date.toInstant() : null,
        body.length,
        start.length() > BODY_START ? start.substring(0, BODY_START) + "..." : start);
  }

  /** RabbitMQ's newest-first list of deaths; the last entry is the first death, where the message came from. */
  private static Map<?, ?> firstDeath(Map<String, Object> headers) {
    if (headers.get("x-death") instanceof List<?> deaths && !deaths.isEmpty() && deaths.get(deaths.size() - 1) instanceof Map<?, ?> death) {
      return death;
    }
    return Map.of();
  }

  private static Optional<String> firstRoutingKey(Map<?, ?> death) {
    if (death.get("routing-keys") instanceof List<?> keys && !keys.isEmpty()) {
      return Optional.of(text(keys.get(0)));
    }
    return Optional.empty();
  }

  /** Without x-death (Qpid): the exchange the queue whose rejects land here is bound to. */
  private String exchangeOf(String deadLetterQueue) {
    String source = settings.deadLetterQueues().get(deadLetterQueue);
    return settings.bindings().stream()
        .filter(binding -> binding.queue().equals(source))
        .map(MessagingSettings.Binding::exchange)
        .findFirst()
        .orElse(settings.publishExchange());
  }

  private static AMQP.BasicProperties withoutDeathHeaders(AMQP.BasicProperties properties) {
    Map<String, Object> headers = new LinkedHashMap<>();
    if (properties.getHeaders() != null) {
      properties.getHeaders().forEach((name, value) -> {
        if (!DEATH_HEADER.test(name)) {
          headers.put(name, value);
        }
      });
    }
    return properties.builder().headers(headers).build();
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    return value instanceof LongString longString ? longString.toString() : value.toString();
  }

  /** Messages taken unacknowledged on one channel; closing the channel hands back the rest. */
  private record Fetched(Channel channel, List<Letter> letters) implements AutoCloseable {
    record Letter(GetResponse response, DeadLetter deadLetter) {}

    @Override
    public void close() throws IOException {
      try {
        if (channel.isOpen()) {
          channel.close();
        }
      } catch (TimeoutException e) {
        throw new IOException("the broker did not close the channel in time; unacknowledged messages go back when the connection closes", e);
      }
    }
  }
}
