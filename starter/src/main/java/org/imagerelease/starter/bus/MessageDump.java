package org.imagerelease.starter.bus;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.FedoraMessageCodec;

/**
 * Messages as {@code fedora-messaging publish FILE} reads them: the file {@code fedora-messaging
 * record} writes, one serialized message per line ({@code fedora_messaging.message.dumps}), each
 * a JSON object that must have {@code topic} (string) and {@code body} (object) and may have
 * {@code headers} (object), {@code id} (string), {@code queue} (string or null) and {@code
 * priority} (integer or null). Each becomes the message fedora-messaging's {@code load_message}
 * makes of it:
 *
 * <ul>
 *   <li>the dump's headers, with {@code fedora_messaging_schema} {@code base.message}, {@code
 *       fedora_messaging_severity} 20 (INFO) and {@code sent-at} now where the dump has none;
 *   <li>priority the dump's {@code priority}, else 0, as the AMQP priority and mirrored in the
 *       {@code priority} header (a {@code priority} header of the dump is overwritten);
 *   <li>id the dump's {@code id}, else a new UUID4.
 * </ul>
 *
 * <p>Two differences remain, both documented in the command's help: a schema header naming a
 * schema is kept as it is (fedora-messaging replaces one it has no installed class for with
 * {@code base.message}; image-release has no schema registry), and the objects may also be spread
 * over several lines (pretty-printed, as deploy/messages/ keeps its examples), which
 * fedora-messaging would refuse.
 */
public final class MessageDump {
  private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
  private static final Set<Integer> SEVERITIES = Set.of(10, 20, 30, 40);

  private MessageDump() {}

  /**
   * Reads every message of a dump.
   *
   * @param source where it was read from, for messages: a file name or {@code -} for standard input
   * @throws IOException when it cannot be read or a message is not a serialized message; the
   *     message names the source, the line and the field
   */
  public static List<FedoraMessage> read(InputStream in, String source, Clock clock) throws IOException {
    List<FedoraMessage> messages = new ArrayList<>();
    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(in)) {
      while (values.hasNextValue()) {
        JsonLocation at = values.getParser().currentTokenLocation();
        JsonNode dump = values.nextValue();
        messages.add(message(dump, source + " line " + at.getLineNr(), clock));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new IOException(source + (at == null ? "" : " line " + at.getLineNr()) + " is not JSON: " + e.getOriginalMessage(), e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof JsonProcessingException json) {
        throw new IOException(source + " is not JSON: " + json.getOriginalMessage(), json);
      }
      throw e;
    }
    if (messages.isEmpty()) {
      throw new IOException(source + " holds no message (one serialized message per line is expected, as fedora-messaging record writes)");
    }
    return messages;
  }

  private static FedoraMessage message(JsonNode dump, String where, Clock clock) throws IOException {
    if (dump == null || !dump.isObject()) {
      throw new IOException(where + ": a serialized message is a JSON object with topic and body (and headers, id, queue, priority)");
    }
    JsonNode topic = dump.path("topic");
    if (!topic.isTextual() || topic.asText().isBlank()) {
      throw new IOException(where + ": topic is required, a string such as org.fedoraproject.prod.pungi.compose.status.change");
    }
    JsonNode body = dump.path("body");
    if (!body.isObject()) {
      throw new IOException(where + ": body is required and must be a JSON object");
    }
    JsonNode headers = dump.path("headers");
    if (!absent(headers) && !headers.isObject()) {
      throw new IOException(where + ": headers must be a JSON object");
    }
    JsonNode id = dump.path("id");
    if (!absent(id) && (!id.isTextual() || id.asText().isBlank())) {
      throw new IOException(where + ": id must be a string (a UUID)");
    }
    JsonNode queue = dump.path("queue");
    if (!absent(queue) && !queue.isTextual()) {
      throw new IOException(where + ": queue must be a string or null");
    }
    JsonNode priority = dump.path("priority");
    if (!absent(priority) && !priority.isIntegralNumber()) {
      throw new IOException(where + ": priority must be a whole number or null");
    }
    Map<String, Object> headerValues = new LinkedHashMap<>();
    if (headers.isObject()) {
      headerValues.putAll(JSON.convertValue(headers, new TypeReference<Map<String, Object>>() {}));
    }
    // A header set to null is one the sender did not set.
    headerValues.values().removeIf(Objects::isNull);
    requireHeaderTypes(headerValues, where);
    headerValues.putIfAbsent(FedoraMessage.SCHEMA, FedoraMessageCodec.BASE_SCHEMA);
    headerValues.putIfAbsent(FedoraMessage.SEVERITY, FedoraMessage.INFO);
    headerValues.putIfAbsent(FedoraMessage.SENT_AT, FedoraMessageCodec.sentAt(OffsetDateTime.now(clock)));
    headerValues.put(FedoraMessageCodec.PRIORITY, absent(priority) ? 0 : priority.asInt());
    return new FedoraMessage(absent(id) ? UUID.randomUUID().toString() : id.asText(), topic.asText(), headerValues, body);
  }

  /** The header types of fedora-messaging's {@code Message.headers_schema}. */
  private static void requireHeaderTypes(Map<String, Object> headers, String where) throws IOException {
    Object severity = headers.get(FedoraMessage.SEVERITY);
    if (severity != null && !(severity instanceof Number number && SEVERITIES.contains(number.intValue()) && number.doubleValue() == number.intValue())) {
      throw new IOException(where + ": header " + FedoraMessage.SEVERITY + " must be 10, 20, 30 or 40, was " + severity);
    }
    for (String name : List.of(FedoraMessage.SCHEMA, "fedora_messaging_schema_package", FedoraMessage.SENT_AT)) {
      Object value = headers.get(name);
      if (value != null && !(value instanceof String)) {
        throw new IOException(where + ": header " + name + " must be a string, was " + value);
      }
    }
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }
}
