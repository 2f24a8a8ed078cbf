package org.imagerelease.activities.events;

import java.io.IOException;
import org.imagerelease.activities.messaging.MessagePublisher;
import org.imagerelease.activities.messaging.MessagingSettings;

/** Opens the connection release events go out on; the worker's wiring chooses the implementation. */
@FunctionalInterface
public interface MessagePublisherFactory {

  /** A publisher on the settings' broker and {@code publish_exchange}. */
  MessagePublisher open(MessagingSettings settings) throws IOException;
}
