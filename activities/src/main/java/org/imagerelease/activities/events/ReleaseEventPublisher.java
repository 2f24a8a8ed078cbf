package org.imagerelease.activities.events;

import org.imagerelease.workflows.model.ReleaseEvent;

/** One way release events leave the worker: a log, a message bus, an in-process listener. */
public interface ReleaseEventPublisher {

  /** Publishes the event; may be called again with the same event id after a retry. */
  void publish(ReleaseEvent event) throws Exception;
}
