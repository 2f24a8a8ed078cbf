package org.imagerelease.activities.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates between AMQP deliveries and {@link FedoraMessage}s in fedora-messaging's wire
 * format: message id = AMQP message id, topic = routing key, headers = AMQP headers, body = the
 * UTF-8 JSON payload, content type {@code application/json}, persistent.
 */
public final class FedoraMessageCodec {
  public static final String CONTENT_TYPE = "application/json";
  public static final String CONTENT_ENCODING = "utf-8";
  /** The schema of messages whose sender has no schema package (Pungi, ResultsDB). */
  public static final String BASE_SCHEMA = "base.message";
  public static final String PRIORITY = "priority";
  public static final int PERSISTENT = 2;
  private static final Set<Integer> SEVERITIES = Set.of(10, 20, 30, 40);
  /** As Python's {@code isoformat()} writes it, which is what fedora-messaging sends: {@code +00:00}, never {@code Z}. */
  private static final DateTimeFormatter SENT_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final long maxMessageBytes;
  private final Clock clock;

  /** @param maxMessageBytes larger incoming bodies are rejected unread */
  public FedoraMessageCodec(long maxMessageBytes) {
    this(maxMessageBytes, Clock.systemUTC());
  }

  /** @param clock gives {@code sent-at} to outgoing messages that do not carry one */
  public FedoraMessageCodec(long maxMessageBytes, Clock clock) {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maximum message size must be positive, was " + maxMessageBytes);
    }
    this.maxMessageBytes = maxMessageBytes;
    this.clock = clock;
  }

  /**
   * Reads one delivery.
   *
   * @throws MalformedMessageException with the message id and the reason when the delivery is not
   *     a readable fedora-messaging message
   */
  public FedoraMessage decode(String routingKey, AMQP.BasicProperties properties, byte[] body) throws MalformedMessageException {
    String id = properties == null ? null : properties.getMessageId();
    if (id == null || id.isBlank()) {
      throw new MalformedMessageException(null, "it has no message id (fedora-messaging messages carry a UUID)");
    }
    if (body.length > maxMessageBytes) {
      throw new MalformedMessageException(id, "its body of " + body.length + " bytes is larger than the limit of " + maxMessageBytes + " bytes (consumer_config.messages.max_bytes)");
    }
    if (routingKey == null || routingKey.isBlank()) {
      throw new MalformedMessageException(id, "it has no topic (routing key)");
    }
    String encoding = properties.getContentEncoding();
    if (encoding != null && !encoding.equalsIgnoreCase(CONTENT_ENCODING) && !encoding.equalsIgnoreCase("utf8")) {
      throw new MalformedMessageException(id, "its content encoding is " + encoding + ", not " + CONTENT_ENCODING);
    }
    String contentType = properties.getContentType();
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith(CONTENT_TYPE)) {
      throw new MalformedMessageException(id, "its content type is " + contentType + ", not " + CONTENT_TYPE);
    }
    Map<String, Object> headers = headers(properties.getHeaders());
    requireHeaders(id, headers);
    return new FedoraMessage(id, routingKey, headers, jsonObject(id, body));
  }

  /**
   * Writes one message. Required headers the message lacks are filled in: schema {@value
   * #BASE_SCHEMA}, severity INFO, {@code sent-at} now, priority 0. The routing key is the
   * message's topic as it is; a publisher adds its topic prefix.
   */
  public AmqpMessage encode(FedoraMessage message) {
    if (message.id() == null || message.id().isBlank()) {
      throw new IllegalArgumentException("an outgoing message needs an id");
    }
    if (message.topic() == null || message.topic().isBlank()) {
      throw new IllegalArgumentException("outgoing message " + message.id() + " needs a topic");
    }
    if (message.body() == null || !message.body().isObject()) {
      throw new IllegalArgumentException("outgoing message " + message.id() + " needs a JSON object as body");
    }
    Map<String, Object> headers = new LinkedHashMap<>(message.headers());
    headers.putIfAbsent(FedoraMessage.SCHEMA, BASE_SCHEMA);
    headers.putIfAbsent(FedoraMessage.SEVERITY, FedoraMessage.INFO);
    headers.putIfAbsent(FedoraMessage.SENT_AT, sentAt(OffsetDateTime.now(clock)));
    headers.putIfAbsent(PRIORITY, 0);
    int priority = headers.get(PRIORITY) instanceof Number number ? number.intValue() : 0;
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .contentType(CONTENT_TYPE)
            .contentEncoding(CONTENT_ENCODING)
            .deliveryMode(PERSISTENT)
            .messageId(message.id())
            .priority(priority)
            .headers(headers)
            .build();
    try {
      return new AmqpMessage(message.topic(), properties, JSON.writeValueAsBytes(message.body()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("outgoing message " + message.id() + " has a body that cannot be written as JSON", e);
    }
  }

  /** A time as fedora-messaging's {@code sent-at} header has it: seconds and offset, e.g. {@code 2024-10-27T08:47:36+00:00}. */
  public static String sentAt(OffsetDateTime time) {
    return SENT_AT.format(time.truncatedTo(ChronoUnit.SECONDS));
  }

  private static void requireHeaders(String id, Map<String, Object> headers) throws MalformedMessageException {
    Object schema = headers.get(FedoraMessage.SCHEMA);
    if (!(schema instanceof String name) || name.isBlank()) {
      throw new MalformedMessageException(id, "header " + FedoraMessage.SCHEMA + " is missing");
    }
    Object severity = headers.get(FedoraMessage.SEVERITY);
    if (!(severity instanceof Number level) || !SEVERITIES.contains(level.intValue()) || level.doubleValue() != level.intValue()) {
      throw new MalformedMessageException(id, "header " + FedoraMessage.SEVERITY + " must be 10, 20, 30 or 40, was " + severity);
    }
    Object sentAt = headers.get(FedoraMessage.SENT_AT);
    if (!(sentAt instanceof String time)) {
      throw new MalformedMessageException(id, "header " + FedoraMessage.SENT_AT + " is missing");
    }
    try {
      OffsetDateTime.parse(time);
    } catch (DateTimeParseException e) {
      throw new MalformedMessageException(id, "header " + FedoraMessage.SENT_AT + " is not an ISO 8601 time with offset: " + time);
    }
  }

  private static JsonNode jsonObject(String id, byte[] body) throws MalformedMessageException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(id, "its body is not UTF-8");
    }
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException(id, "its body is not JSON: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new MalformedMessageException(id, "its body is " + (json == null || json.isMissingNode() ? "empty" : "a JSON " + json.getNodeType().name().toLowerCase(Locale.ROOT)) + ", not a JSON object");
    }
    return json;
  }

  /** AMQP header values as plain Java values: long strings become strings; absent values are dropped. */
  private static Map<String, Object> headers(Map<String, Object> amqpHeaders) {
    Map<String, Object> headers = new LinkedHashMap<>();
    if (amqpHeaders != null) {
      amqpHeaders.forEach(
          (name, value) -> {
            Object plain = plain(value);
            if (plain != null) {
              headers.put(name, plain);
            }
          });
    }
    return headers;
  }

  private static Object plain(Object value) {
    if (value instanceof LongString text) {
      return text.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>();
      list.stream().map(FedoraMessageCodec::plain).filter(v -> v != null).forEach(converted::add);
      return List.copyOf(converted);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach(
          (key, nested) -> {
            Object plain = plain(nested);
            if (plain != null) {
              converted.put(String.valueOf(key), plain);
            }
          });
      return Map.copyOf(converted);
    }
    return value;
  }
}
