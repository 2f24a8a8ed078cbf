package org.imagerelease.activities.events;

import java.util.List;
import org.imagerelease.activities.ActivityFailures;
import org.imagerelease.workflows.EventActivities;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.slf4j.MDC;

/** Hands each release event to every configured publisher, in order. */
public final class EventActivitiesImpl implements EventActivities {
  private final List<ReleaseEventPublisher> publishers;

  public EventActivitiesImpl(List<ReleaseEventPublisher> publishers) {
    this.publishers = List.copyOf(publishers);
  }

  @Override
  public void publishEvent(ReleaseEvent event) {
    try (var compose = MDC.putCloseable("composeId", event.composeId())) {
      for (ReleaseEventPublisher publisher : publishers) {
        ActivityFailures.run(() -> publisher.publish(event));
      }
    }
  }
}
