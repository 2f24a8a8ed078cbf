package org.imagerelease.starter.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.messaging.MessageHandler;

/** A handler that tells a test what the handler it wraps decided, message by message. */
final class RecordingHandler implements MessageHandler {
  record Decision(String messageId, HandlingOutcome outcome) {}

  private final MessageHandler handler;
  private final BlockingQueue<Decision> decisions = new LinkedBlockingQueue<>();

  RecordingHandler(MessageHandler handler) {
    this.handler = handler;
  }

  @Override
  public boolean handles(String topic) {
    return handler.handles(topic);
  }

  @Override
  public HandlingOutcome handle(FedoraMessage message) {
    HandlingOutcome outcome = handler.handle(message);
    decisions.add(new Decision(message.id(), outcome));
    return outcome;
  }

  /** The next {@code count} decisions, waiting for them as long as it takes the consumer (bounded). */
  List<Decision> next(int count) throws InterruptedException {
    List<Decision> next = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
    while (next.size() < count) {
      Decision decision = decisions.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (decision == null) {
        throw new AssertionError("the consumer decided on " + next.size() + " of " + count + " messages: " + next);
      }
      next.add(decision);
    }
    return next;
  }

  /** The decisions made and not yet taken by {@link #next}, without waiting. */
  List<Decision> pending() {
    return List.copyOf(decisions);
  }

  /** Waits for the next decision with this outcome, skipping others. */
  Decision nextWith(HandlingOutcome outcome) throws InterruptedException {
    while (true) {
      Decision decision = next(1).get(0);
      if (decision.outcome() == outcome) {
        return decision;
      }
    }
  }
}
