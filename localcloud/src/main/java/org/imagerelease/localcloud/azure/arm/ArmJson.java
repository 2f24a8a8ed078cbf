package org.imagerelease.localcloud.azure.arm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The JSON the endpoint reads and writes. */
final class ArmJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ArmJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** A request body that must be a JSON object, refused as ARM refuses it otherwise. */
  static ObjectNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw new ArmError(400, "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: the body is empty.");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException e) {
      throw new ArmError(400, "InvalidRequestContent",
          "The request content was invalid and could not be deserialized: "
              + e.getOriginalMessage() + ".");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new ArmError(400, "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: not a JSON object.");
  }

  /**
   * JSON merge patch (RFC 7396) of {@code patch} into {@code target}, as ARM applies a PATCH:
   * objects merge member by member, anything else (arrays included) replaces, null removes.
   */
  static void merge(ObjectNode target, JsonNode patch) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
        merge(existing, value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A text member, or null when absent, null or not text. */
  static String text(JsonNode node, String... path) {
    JsonNode at = at(node, path);
    return at != null && at.isTextual() ? at.asText() : null;
  }

  static JsonNode at(JsonNode node, String... path) {
    JsonNode at = node;
    for (String name : path) {
      if (at == null || !at.isObject()) {
        return null;
      }
      at = at.get(name);
    }
    return at == null || at.isNull() ? null : at;
  }

  static ObjectNode error(ArmError error) {
    ObjectNode inner = object().put("code", error.code()).put("message", error.getMessage());
    if (error.target() != null) {
      inner.put("target", error.target());
    }
    ObjectNode body = object();
    body.set("error", inner);
    return body;
  }
}
