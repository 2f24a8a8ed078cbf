package org.imagerelease.activities.events;

import java.util.List;
import java.util.Optional;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message that announces one image public at every location of one target, in the target's
 * {@link PublishedFormat}. The topic is the format's schema with the uploader's newer suffix
 * {@code .<channel>.<subvariant>.<arch>} ({@link ComposeVersion} says how the channel is chosen);
 * bind with a trailing {@code #}. Without an attribute the format requires no message is sent
 * and the error is logged, because failing the activity would fail a release whose images are
 * already public.
 */
final class PublishedMessages {
  private static final Logger log = LoggerFactory.getLogger(PublishedMessages.class);

  private PublishedMessages() {}

  /** The message announcing the event's images; empty when there are none or it cannot be made. */
  static Optional<MessageDraft> of(ReleaseEvent event, PublishedFormat format) {
    if (event.images().isEmpty()) {
      return Optional.empty();
    }
    LocationImage first = event.images().get(0);
    List<String> missing = PublishedImageAttributes.missingFrom(first, format);
    if (!missing.isEmpty()) {
      log.error(
          "Compose {}: no published message for {} on {}: the target did not set the attributes {}",
          event.composeId(),
          first.ref().imageName(),
          first.ref().target(),
          missing);
      return Optional.empty();
    }
    ImageArtifact image = first.ref().image();
    String topicSuffix =
        "." + ComposeVersion.of(event.composeId()).channel() + "." + PublishedFormats.subvariantOf(image) + "." + image.arch();
    return Optional.of(new MessageDraft(format.schema() + topicSuffix, format.schema(), MessageDraft.INFO, format.body(event)));
  }
}
