package org.imagerelease.starter.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import org.imagerelease.activities.messaging.FedoraMessage;

/** Pungi's {@code pungi.compose.status.change} messages, in the shape of deploy/messages/pungi-compose-finished.json. */
final class ComposeMessages {
  static final ObjectMapper JSON = new ObjectMapper();

  private ComposeMessages() {}

  /** The body Pungi sends for a compose of release 41 (production, RC-1.4) in this state. */
  static ObjectNode body(String composeId, String status, String location) {
    ObjectNode body = JSON.createObjectNode();
    body.put("compose_date", "20241027");
    body.put("compose_id", composeId);
    body.put("compose_label", "RC-1.4");
    body.put("compose_path", "/mnt/koji/compose/41/" + composeId);
    body.put("compose_respin", 0);
    body.put("compose_type", "production");
    body.put("location", location);
    body.put("release_is_layered", false);
    body.put("release_name", "Fedora");
    body.put("release_short", "Fedora");
    body.put("release_type", "ga");
    body.put("release_version", "41");
    body.put("status", status);
    return body;
  }

  static ObjectNode body(String composeId, String status) {
    return body(composeId, status, "https://kojipkgs.fedoraproject.org/compose/41/" + composeId + "/compose");
  }

  /** Headers as fedora-messaging writes them for a sender without schema package. */
  static Map<String, Object> headers() {
    return Map.of(
        "fedora_messaging_schema", "base.message",
        "fedora_messaging_severity", 20,
        "priority", 0,
        "sent-at", "2024-10-27T08:47:36+00:00");
  }

  static FedoraMessage message(String environment, ObjectNode body) {
    return new FedoraMessage(UUID.randomUUID().toString(), topic(environment), headers(), body);
  }

  static String topic(String environment) {
    return "org.fedoraproject." + environment + ".pungi.compose.status.change";
  }

  /** The compose at a location of {@link #body}: the one its path names, as on kojipkgs. */
  static ComposeIdentity composeNamedInPath() {
    return location -> {
      String[] parts = location.split("/");
      return parts[parts.length - 2];
    };
  }

  /** A compose id no other test uses, e.g. Fedora-41-20241027.k3x9q. */
  static String uniqueComposeId() {
    return "Fedora-41-20241027." + UUID.randomUUID().toString().substring(0, 8);
  }
}
