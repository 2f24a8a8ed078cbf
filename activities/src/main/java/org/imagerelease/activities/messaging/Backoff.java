package org.imagerelease.activities.messaging;

import java.time.Duration;

/**
 * Exponential backoff: the first wait is {@code initial}, each next one twice the last, never
 * more than {@code max}. Used between reconnects to the broker and between retries of a message
 * whose handling may succeed later.
 */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("maximum backoff " + max + " is shorter than the initial " + initial);
    }
  }

  /** How long to wait before attempt {@code attempt + 1}, after {@code attempt} (1 or more) failed. */
  public Duration delayAfter(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 30));
    long millis = initial.toMillis() << doublings;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
