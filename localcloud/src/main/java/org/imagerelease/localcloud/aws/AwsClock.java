package org.imagerelease.localcloud.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The endpoint's clock: the system clock plus an offset tests can move forward, so that a
 * snapshot's one-hour timeout or an AMI's deprecation date can be reached without waiting.
 * Every state change is decided by comparing this clock with the instant it is due.
 */
final class AwsClock extends Clock {
  private final Clock system = Clock.systemUTC();
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward: " + duration);
    }
    offset.accumulateAndGet(duration, Duration::plus);
  }

  @Override
  public Instant instant() {
    return system.instant().plus(offset.get());
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
