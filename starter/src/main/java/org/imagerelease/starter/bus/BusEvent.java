package org.imagerelease.starter.bus;

import org.imagerelease.activities.messaging.FedoraMessage;

/**
 * One message seen on the bus, as a person scans it: its topic (the routing key, environment
 * included), its id and a one-line summary of its body.
 *
 * @param topic e.g. {@code org.fedoraproject.prod.image_release.release.completed}
 * @param id the fedora-messaging message id; empty when the message had none
 * @param summary e.g. {@code Fedora-Cloud-Base-Generic-42-20261124.n.0.x86_64.qcow2 uploaded to mirror/mirror-primary}
 */
public record BusEvent(String topic, String id, String summary) {

  /** The message with its summary. */
  public static BusEvent of(FedoraMessage message) {
    return new BusEvent(message.topic(), message.id(), MessageSummary.of(message.topic(), message.body()));
  }

  /** Whether the topic ends with this one, e.g. {@code image_release.release.completed}, in whatever environment. */
  public boolean hasTopic(String topicWithoutPrefix) {
    return topic.equals(topicWithoutPrefix) || topic.endsWith("." + topicWithoutPrefix);
  }

  /** Whether the topic has this word sequence anywhere, e.g. {@code .published.v1.}. */
  public boolean topicContains(String part) {
    return topic.contains(part);
  }
}
