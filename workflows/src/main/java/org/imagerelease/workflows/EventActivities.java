package org.imagerelease.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.imagerelease.workflows.model.ReleaseEvent;

/** Tells other systems what a release did. */
@ActivityInterface
public interface EventActivities {

  /** Publishes the event; a retry with the same event id is not published twice. */
  @ActivityMethod
  void publishEvent(ReleaseEvent event);
}
