package org.imagerelease.localcloud.azure.arm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The endpoint's time: the system clock plus an offset that only grows, so that a test can see
 * a version {@code Replicating} and then, without waiting, {@code Completed}.
 */
final class ArmClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the endpoint's clock only moves forward: " + duration);
    }
    offset.accumulateAndGet(duration, Duration::plus);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the endpoint's clock is UTC");
  }
}
