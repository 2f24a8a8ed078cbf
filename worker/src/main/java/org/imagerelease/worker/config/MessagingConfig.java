package org.imagerelease.worker.config;

import org.imagerelease.activities.messaging.MessagingSettings;

/**
 * The message bus: fedora-messaging's own settings, and this project's use of them.
 *
 * @param settings connection, exchanges, queues, bindings, prefetch
 * @param composes which compose messages start a release ({@code [consumer_config.composes]})
 * @param maxMessageBytes larger incoming messages are rejected unread ({@code [consumer_config.messages] max_bytes})
 * @param publishEvents whether workers publish release events on the bus ({@code publish_events})
 */
public record MessagingConfig(MessagingSettings settings, ComposeFilter composes, long maxMessageBytes, boolean publishEvents) {}
