package org.imagerelease.starter.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.imagerelease.activities.messaging.FedoraMessage;

/**
 * A message as fedora-messaging dumps it (and as deploy/messages/ keeps examples): one JSON object
 * with {@code topic} (complete, environment included), {@code body}, {@code headers}, {@code id},
 * and {@code priority} and {@code queue}, which are not needed to send it again (fedora-messaging
 * keeps the priority in the headers too).
 */
public final class MessageDump {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageDump() {}

  /**
   * Reads a dump. A dump without {@code id} gets a new UUID; without {@code headers} it gets the
   * ones every fedora-messaging message has when it is published.
   *
   * @throws IOException when the file cannot be read or is not a message dump; the message says
   *     which field is wrong
   */
  public static FedoraMessage read(Path file) throws IOException {
    JsonNode dump;
    try {
      dump = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not JSON: " + e.getOriginalMessage(), e);
    }
    if (dump == null || !dump.isObject()) {
      throw new IOException(file + " is not a message dump: a JSON object with topic, body, headers and id is expected");
    }
    JsonNode topic = dump.path("topic");
    if (!topic.isTextual() || topic.asText().isBlank()) {
      throw new IOException(file + " has no topic (the message's complete routing key, e.g. org.fedoraproject.prod.pungi.compose.status.change)");
    }
    JsonNode body = dump.path("body");
    if (!body.isObject()) {
      throw new IOException(file + ": body must be a JSON object");
    }
    JsonNode headers = dump.path("headers");
    if (!headers.isMissingNode() && !headers.isNull() && !headers.isObject()) {
      throw new IOException(file + ": headers must be a JSON object");
    }
    JsonNode id = dump.path("id");
    if (!id.isMissingNode() && !id.isNull() && (!id.isTextual() || id.asText().isBlank())) {
      throw new IOException(file + ": id must be a string (a UUID)");
    }
    Map<String, Object> headerValues = new LinkedHashMap<>();
    if (headers.isObject()) {
      headerValues.putAll(JSON.convertValue(headers, new TypeReference<Map<String, Object>>() {}));
    }
    // A header set to null is one the sender did not set.
    headerValues.values().removeIf(Objects::isNull);
    return new FedoraMessage(id.isTextual() ? id.asText() : UUID.randomUUID().toString(), topic.asText(), headerValues, body);
  }
}
