package org.imagerelease.activities.events;

import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every release event to the log, one line naming compose, images and locations. */
public final class LoggingEventPublisher implements ReleaseEventPublisher {
  private static final Logger log = LoggerFactory.getLogger("org.imagerelease.events");

  @Override
  public void publish(ReleaseEvent event) {
    log.info(
        "{} {} compose={} images={} {}",
        event.kind(),
        event.eventId(),
        event.composeId(),
        event.images().stream().map(LoggingEventPublisher::describe).toList(),
        event.detail());
  }

  @Override
  public String name() {
    return "log";
  }

  private static String describe(LocationImage image) {
    return image.ref().target() + ":" + image.ref().imageName() + "@" + image.ref().location() + "=" + image.resourceId();
  }
}
