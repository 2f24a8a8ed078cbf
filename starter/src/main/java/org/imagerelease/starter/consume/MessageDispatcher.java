package org.imagerelease.starter.consume;

import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.messaging.MessageHandler;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each incoming message to the first handler that handles its topic. A message no handler
 * wants is acknowledged: the queue's bindings may bring more than this service acts on.
 */
public final class MessageDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);

  private final List<MessageHandler> handlers;

  public MessageDispatcher(List<MessageHandler> handlers) {
    this.handlers = List.copyOf(handlers);
  }

  /**
   * The consumer's handlers: the one place where a handler is added. {@code image-release
   * consume} and the demo both consume through this.
   */
  public static MessageDispatcher forReleases(ReleaseClient releases, ImageReleaseConfig config) {
    return new MessageDispatcher(
        List.of(
            ComposeMessageHandler.forConfig(releases, config),
            new ResultsDbMessageHandler(releases, config.gateOfNewReleases().allTestcases())));
  }

  public List<MessageHandler> handlers() {
    return handlers;
  }

  /** The handler of messages with this topic, if any. */
  public Optional<MessageHandler> handlerFor(String topic) {
    return handlers.stream().filter(handler -> handler.handles(topic)).findFirst();
  }

  /**
   * What becomes of the message. A handler that throws broke its contract: the message is
   * rejected (dead-lettered where the queue has a dead-letter exchange) rather than retried
   * forever, and the error is logged with the message id.
   */
  public HandlingOutcome dispatch(FedoraMessage message) {
    Optional<MessageHandler> handler = handlerFor(message.topic());
    if (handler.isEmpty()) {
      LOG.debug("No handler for topic {}: message {} acknowledged", message.topic(), message.id());
      return HandlingOutcome.ACK;
    }
    try {
      HandlingOutcome outcome = handler.get().handle(message);
      if (outcome == null) {
        LOG.error("{} gave no outcome for message {} ({}): rejected", nameOf(handler.get()), message.id(), message.topic());
        return HandlingOutcome.REJECT;
      }
      return outcome;
    } catch (RuntimeException e) {
      LOG.error("{} failed on message {} ({}): rejected", nameOf(handler.get()), message.id(), message.topic(), e);
      return HandlingOutcome.REJECT;
    }
  }

  static String nameOf(MessageHandler handler) {
    String name = handler.getClass().getSimpleName();
    return name.isEmpty() ? handler.getClass().getName() : name;
  }
}
