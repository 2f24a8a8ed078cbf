package org.imagerelease.activities.messaging;

/** Acts on one kind of incoming message, chosen by topic. */
public interface MessageHandler {

  /** Whether this handler acts on messages with this topic (routing key). */
  boolean handles(String topic);

  /**
   * Acts on the message and says what becomes of it. Must not throw for bad input: a malformed
   * message is {@link HandlingOutcome#REJECT}; a failure that may pass is {@link
   * HandlingOutcome#RETRY_LATER}.
   */
  HandlingOutcome handle(FedoraMessage message);
}
