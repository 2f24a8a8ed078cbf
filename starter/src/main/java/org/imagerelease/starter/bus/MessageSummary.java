package org.imagerelease.starter.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imagerelease.activities.events.ReleaseEventMessages;

/**
 * One line about a message body, for the messages this project sends and receives: release
 * events, Pungi's compose status changes and ResultsDB's results. Any other body is named by its
 * first fields.
 */
final class MessageSummary {
  static final int MAX_LENGTH = 160;
  private static final String COMPOSE_STATUS = "pungi.compose.status.change";
  private static final String RESULT_NEW = "resultsdb.result.new";
  private static final String PUBLISHED = ".published.v1.";

  private MessageSummary() {}

  static String of(String topic, JsonNode body) {
    return shortened(describe(topic, body));
  }

  private static String describe(String topic, JsonNode body) {
    if (endsWith(topic, ReleaseEventMessages.UPLOADED)) {
      String imageFile = text(body, "image_file");
      String imageId = text(body, "image_id");
      // A mirror's id is the file's path, which says nothing the file name does not.
      return imageFile + " uploaded to " + text(body, "target") + "/" + text(body, "location") + (imageId.endsWith(imageFile) ? "" : " as " + imageId);
    }
    if (topic.contains(PUBLISHED)) {
      String image = body.hasNonNull("image_file") ? text(body, "image_file") : text(body, "image_name");
      return image + " public at " + String.join(", ", locationsOf(body));
    }
    if (endsWith(topic, ReleaseEventMessages.COMPLETED) || endsWith(topic, ReleaseEventMessages.FAILED)) {
      return outcome(body);
    }
    if (endsWith(topic, COMPOSE_STATUS)) {
      return "compose " + text(body, "compose_id") + " " + text(body, "status") + " at " + text(body, "location");
    }
    if (endsWith(topic, RESULT_NEW)) {
      return text(body.path("testcase"), "name") + " " + text(body, "outcome") + " for " + first(body.path("data"), "item")
          + " (compose " + first(body.path("data"), "productmd.compose.id") + ")";
    }
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    return "fields " + String.join(", ", fields.subList(0, Math.min(6, fields.size())));
  }

  /** release.completed and release.failed: the outcome, how many images where, and why it failed. */
  private static String outcome(JsonNode body) {
    Set<String> images = new LinkedHashSet<>();
    Set<String> locations = new LinkedHashSet<>();
    body.path("images").forEach(image -> {
      images.add(text(image, "image_file"));
      locations.add(text(image, "location"));
    });
    String summary = "compose " + text(body, "compose_id") + " " + text(body, "outcome");
    if (!images.isEmpty()) {
      summary += ": " + images.size() + " images at " + String.join(", ", locations);
    }
    if (body.hasNonNull("reason")) {
      summary += " (" + text(body, "reason") + ")";
    }
    return summary;
  }

  /** The mirror's roots, a cloud's regions or any target's locations. */
  private static List<String> locationsOf(JsonNode body) {
    for (String field : List.of("roots", "regions", "locations")) {
      JsonNode value = body.path(field);
      List<String> names = new ArrayList<>();
      if (value.isObject()) {
        value.fieldNames().forEachRemaining(names::add);
      } else if (value.isArray()) {
        value.forEach(element -> names.add(element.asText()));
      }
      if (!names.isEmpty()) {
        return names;
      }
    }
    return List.of("(no locations named)");
  }

  private static boolean endsWith(String topic, String suffix) {
    return topic.equals(suffix) || topic.endsWith("." + suffix);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "?" : value.asText();
  }

  private static String first(JsonNode data, String key) {
    JsonNode values = data.path(key);
    return values.isArray() && !values.isEmpty() ? values.get(0).asText() : "?";
  }

  private static String shortened(String summary) {
    String oneLine = summary.replaceAll("\\s+", " ");
    return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH - 3) + "...";
  }
}
