package org.imagerelease.activities.events;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.MessagePublisher;

/** A broker that confirms every message and remembers it. */
final class RecordingMessagePublisher implements MessagePublisher {
  final List<FedoraMessage> confirmed = new CopyOnWriteArrayList<>();
  volatile IOException nextFailure;
  volatile boolean closed;

  @Override
  public void publish(FedoraMessage message) throws IOException {
    IOException failure = nextFailure;
    if (failure != null) {
      nextFailure = null;
      throw failure;
    }
    confirmed.add(message);
  }

  @Override
  public void close() {
    closed = true;
  }
}
