package org.imagerelease.activities.messaging;

/**
 * An incoming message that is not a fedora-messaging message this service can read: no id,
 * missing or invalid required headers, a body that is not a JSON object, too large. Such a
 * message is rejected without requeue; retrying cannot make it readable.
 */
public final class MalformedMessageException extends Exception {
  private final String messageId;

  public MalformedMessageException(String messageId, String reason) {
    super(reason);
    this.messageId = messageId == null || messageId.isBlank() ? "(no id)" : messageId;
  }

  /** The AMQP message id, or {@code (no id)}, for the logs. */
  public String messageId() {
    return messageId;
  }

  /** Why the message cannot be read. */
  public String reason() {
    return getMessage();
  }
}
