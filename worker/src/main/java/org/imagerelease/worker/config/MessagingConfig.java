package org.imagerelease.worker.config;

import org.imagerelease.activities.messaging.MessagingSettings;

/**
 * The message bus: fedora-messaging's own settings, and this project's use of them.
 *
 * @param settings connection, exchanges, queues, bindings, prefetch
 * @param composes which compose messages start a release ({@code [consumer_config.composes]})
 * @param maxMessageBytes larger incoming messages are rejected unread ({@code [consumer_config.messages] max_bytes})
 * @param publishEvents whether workers publish release events on the bus ({@code publish_events})
 * @param consumeDeadLetterQueues whether the consumer also consumes the queues that are some
 *     queue's dead-letter destination ({@code consume_dead_letter_queues}); off, their messages
 *     stay there until {@code image-release dead replay}
 */
public record MessagingConfig(
    MessagingSettings settings, ComposeFilter composes, long maxMessageBytes, boolean publishEvents, boolean consumeDeadLetterQueues) {

  /** A bus whose dead-letter queues are left alone. */
  public MessagingConfig(MessagingSettings settings, ComposeFilter composes, long maxMessageBytes, boolean publishEvents) {
    this(settings, composes, maxMessageBytes, publishEvents, false);
  }

  /** The queues the consumer consumes. */
  public java.util.List<String> consumedQueues() {
    return settings.consumedQueues(consumeDeadLetterQueues);
  }
}
