package org.imagerelease.activities.messaging;

import java.io.IOException;

/**
 * Puts messages on the bus: persistent, JSON, on the configured exchange with the message's
 * topic as routing key, and returns only once the broker confirmed it.
 */
public interface MessagePublisher extends AutoCloseable {

  /** @throws IOException when the broker is unreachable or did not confirm in time */
  void publish(FedoraMessage message) throws IOException, InterruptedException;

  @Override
  void close() throws IOException;
}
