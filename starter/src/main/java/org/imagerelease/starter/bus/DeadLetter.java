package org.imagerelease.starter.bus;

import java.time.Instant;

/**
 * One message in a dead-letter queue, as the broker left it there.
 *
 * @param queue the dead-letter queue it is in
 * @param messageId the message's id (fedora-messaging's UUID); empty when it has none
 * @param topic the routing key it was published with, i.e. its fedora-messaging topic
 * @param exchange the exchange it was published to, where a replay publishes it again
 * @param fromQueue the queue that rejected it; empty when the broker does not say (Qpid)
 * @param reason why it was dead-lettered ({@code rejected}, {@code expired}, {@code maxlen} ...);
 *     empty when the broker does not say
 * @param deaths how often the broker dead-lettered it from that queue since it was last published
 * @param deadSince when it was first dead-lettered; null when the broker does not say
 * @param bodyBytes the size of its body
 * @param bodyStart the beginning of its body, as text, for a person to recognise it
 */
public record DeadLetter(
    String queue,
    String messageId,
    String topic,
    String exchange,
    String fromQueue,
    String reason,
    long deaths,
    Instant deadSince,
    int bodyBytes,
    String bodyStart) {}
