package org.imagerelease.localcloud.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON as the rest-json and json-1.1 protocols write it. */
final class Json {
  private static final ObjectMapper mapper = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return mapper.createObjectNode();
  }

  /** The request body as an object; an empty body is an empty object. */
  static ObjectNode parse(byte[] body) {
    if (body.length == 0) {
      return object();
    }
    try {
      JsonNode node = mapper.readTree(body);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      // reported below, as AWS does, without the parser's words
    }
    throw ApiError.badRequest("SerializationException", "The request body is not a JSON object");
  }

  static byte[] bytes(JsonNode node) {
    try {
      return mapper.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** Both protocols' default timestamp format: seconds since the epoch, with milliseconds. */
  static BigDecimal epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3);
  }

  static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  static Boolean bool(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value.asBoolean();
  }

  static Long number(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToLong()) {
      throw ApiError.badRequest("SerializationException", field + " is not a number");
    }
    return value.asLong();
  }

  /** A list of {@code {"Key": .., "Value": ..}} objects as a map. */
  static Map<String, String> tags(JsonNode object, String field) {
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode list = object.get(field);
    if (list != null && list.isArray()) {
      list.forEach(tag -> tags.put(text(tag, "Key"), text(tag, "Value") == null ? "" : text(tag, "Value")));
    }
    return tags;
  }
}
