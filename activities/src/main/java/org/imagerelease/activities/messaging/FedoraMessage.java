package org.imagerelease.activities.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One message in the fedora-messaging wire format: a UUID id, a topic (the AMQP routing key,
 * e.g. {@code org.fedoraproject.prod.pungi.compose.status.change}), headers and a JSON body.
 * Required headers are {@code fedora_messaging_schema}, {@code fedora_messaging_severity}
 * (10/20/30/40) and {@code sent-at} (ISO 8601 with offset, no fraction); others are ignored.
 */
public record FedoraMessage(String id, String topic, Map<String, Object> headers, JsonNode body) {
  public static final String SCHEMA = "fedora_messaging_schema";
  public static final String SEVERITY = "fedora_messaging_severity";
  public static final String SENT_AT = "sent-at";
  public static final int INFO = 20;

  public FedoraMessage {
    headers = Map.copyOf(new LinkedHashMap<>(headers));
  }

  /** The schema header, e.g. {@code base.message}; empty when absent. */
  public String schema() {
    Object schema = headers.get(SCHEMA);
    return schema == null ? "" : schema.toString();
  }
}
