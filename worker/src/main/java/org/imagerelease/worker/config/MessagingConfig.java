package org.imagerelease.worker.config;

import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.events.ReleaseNumbers;
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
 * @param releaseNumbers the release number of composes whose id names none ({@code release_numbers})
 */
public record MessagingConfig(
    MessagingSettings settings,
    ComposeFilter composes,
    long maxMessageBytes,
    boolean publishEvents,
    boolean consumeDeadLetterQueues,
    ReleaseNumbers releaseNumbers) {

  public MessagingConfig {
    releaseNumbers = releaseNumbers == null ? ReleaseNumbers.none() : releaseNumbers;
  }

  /** A bus whose dead-letter queues are left alone and that knows no release numbers beyond compose ids. */
  public MessagingConfig(MessagingSettings settings, ComposeFilter composes, long maxMessageBytes, boolean publishEvents) {
    this(settings, composes, maxMessageBytes, publishEvents, false, ReleaseNumbers.none());
  }

  /** The same bus, publishing events or not. */
  public MessagingConfig withPublishEvents(boolean publish) {
    return new MessagingConfig(settings, composes, maxMessageBytes, publish, consumeDeadLetterQueues, releaseNumbers);
  }

  /** The same bus, with composes allowed to be at these places. */
  public MessagingConfig withComposeSources(ComposeSources sources) {
    return new MessagingConfig(settings, composes.withSources(sources), maxMessageBytes, publishEvents, consumeDeadLetterQueues, releaseNumbers);
  }

  /** The queues the consumer consumes. */
  public java.util.List<String> consumedQueues() {
    return settings.consumedQueues(consumeDeadLetterQueues);
  }
}
