package org.imagerelease.activities.events;

import org.imagerelease.workflows.model.ReleaseEvent;

/** One way release events leave the worker: a log, a message bus, an in-process listener. */
public interface ReleaseEventPublisher {

  /** Publishes the event; may be called again with the same event id after a retry. */
  void publish(ReleaseEvent event) throws Exception;

  /**
   * Names this publisher in the progress an event's activity records, so a retry skips the
   * publishers an earlier attempt finished; stable across workers and restarts.
   */
  default String name() {
    return getClass().getSimpleName();
  }
}
