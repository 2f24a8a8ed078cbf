package org.imagerelease.activities.events;

import java.io.IOException;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.MessagePublisher;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts release events on the message bus as fedora-messaging messages ({@link
 * ReleaseEventMessages}). Returns only when the broker confirmed every message of the event;
 * each message keeps its id on a retry, so a consumer can drop a repeat.
 */
public final class BusEventPublisher implements ReleaseEventPublisher, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BusEventPublisher.class);

  private final MessagePublisher bus;
  private final ReleaseEventMessages messages;

  /**
   * @param bus the connection, owned by this publisher from now on and closed with it
   * @param messages turns events into messages under the configured topic prefix
   */
  public BusEventPublisher(MessagePublisher bus, ReleaseEventMessages messages) {
    this.bus = bus;
    this.messages = messages;
  }

  @Override
  public void publish(ReleaseEvent event) throws IOException, InterruptedException {
    for (FedoraMessage message : messages.messagesFor(event)) {
      bus.publish(message);
      log.info("Compose {}: sent {} as message {} on {}", event.composeId(), event.eventId(), message.id(), message.topic());
    }
  }

  @Override
  public String name() {
    return "bus";
  }

  @Override
  public void close() throws IOException {
    bus.close();
  }
}
