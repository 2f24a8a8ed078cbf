package org.imagerelease.activities.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.imagerelease.workflows.model.ReleaseEvent;

/**
 * How the message announcing one image public at every location of one target looks. Each target
 * module names its own ({@link PublishedFormats}): the clouds speak fedora-image-uploader's
 * messages, so the consumers already reading those keep working; other targets this project's.
 */
public interface PublishedFormat {

  /** The schema name, also the topic's stem, e.g. {@code fedora_image_uploader.published.v1.aws}. */
  String schema();

  /**
   * The {@link org.imagerelease.workflows.model.LocationImage#attributes()} the body needs;
   * without one of them no message is sent ({@link PublishedImageAttributes}).
   */
  List<String> requiredAttributes();

  /** The body for the event's images, one per location. */
  ObjectNode body(ReleaseEvent event);

  /** Whether the body's schema requires the release number (fedora-image-uploader-messages 1.2.0 does). */
  default boolean requiresReleaseNumber() {
    return false;
  }
}
