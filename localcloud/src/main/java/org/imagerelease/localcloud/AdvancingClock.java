package org.imagerelease.localcloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local endpoint's clock: the system clock plus an offset tests can move forward, so that a
 * snapshot's one-hour timeout, an AMI's deprecation date or a gallery version's replication can
 * be reached without waiting. Every state change is decided by comparing this clock with the
 * instant it is due.
 */
public final class AdvancingClock extends Clock {
  private final Clock system = Clock.systemUTC();
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  public void advance(Duration duration) {
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
