package org.imagerelease.starter.bus;

import java.util.List;
import org.imagerelease.activities.events.ReleaseEventMessages;

/**
 * The routing keys release events go out with under a {@code topic_prefix}, to bind a queue to
 * them or to tell a person where to look. The prefix is put in front as {@link
 * org.imagerelease.activities.messaging.AmqpMessagePublisher} does: {@code org.fedoraproject.prod}
 * and {@code image_release.image.uploaded} make {@code
 * org.fedoraproject.prod.image_release.image.uploaded}; an empty prefix leaves the topic as it is.
 */
public final class ReleaseEventTopics {
  /** This project's own events: image.uploaded, published.v1.&lt;target&gt;..., release.completed, release.failed. */
  static final String OWN_EVENTS = "image_release.#";
  /** fedora-image-uploader's messages, which the aws and azure targets send in its place. */
  static final String UPLOADER_PUBLISHED = "fedora_image_uploader.published.v1.#";

  private ReleaseEventTopics() {}

  /** Binding keys that receive every release event published under the prefix. */
  public static List<String> bindingKeys(String topicPrefix) {
    return List.of(prefixed(topicPrefix, OWN_EVENTS), prefixed(topicPrefix, UPLOADER_PUBLISHED));
  }

  /** The event topics under the prefix, as a person reads them, in the order a release sends them. */
  public static List<String> described(String topicPrefix) {
    return List.of(
        prefixed(topicPrefix, ReleaseEventMessages.UPLOADED),
        prefixed(topicPrefix, "image_release.published.v1.<target>.<channel>.<subvariant>.<arch>"),
        prefixed(topicPrefix, "fedora_image_uploader.published.v1.{aws,azure}.<channel>.<subvariant>.<arch>"),
        prefixed(topicPrefix, ReleaseEventMessages.COMPLETED),
        prefixed(topicPrefix, ReleaseEventMessages.FAILED));
  }

  /** The routing key of a topic published under the prefix. */
  public static String prefixed(String topicPrefix, String topic) {
    if (topicPrefix == null || topicPrefix.isBlank()) {
      return topic;
    }
    String prefix = topicPrefix.endsWith(".") ? topicPrefix.substring(0, topicPrefix.length() - 1) : topicPrefix;
    return prefix + "." + topic;
  }
}
