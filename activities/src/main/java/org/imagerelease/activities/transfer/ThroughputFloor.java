package org.imagerelease.activities.transfer;

import java.time.Duration;

/**
 * The slowest a source may send. A read timeout alone does not catch a server that trickles a
 * byte every few seconds (each byte restarts the timeout), so the time spent waiting on the
 * source is measured: a whole {@code window} of waiting that brought fewer than {@code
 * bytesPerSecond} on average drops the connection. Only waiting counts, so a sink that keeps
 * the pipeline from reading (throttled uploads) never makes a source look slow.
 *
 * @param bytesPerSecond the least average rate over a window; 0 turns the check off
 * @param window how much waiting is averaged over
 */
public record ThroughputFloor(long bytesPerSecond, Duration window) {
  public ThroughputFloor {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("the minimum throughput must not be negative, was " + bytesPerSecond);
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the throughput window must be positive, was " + window);
    }
  }

  /** 16 KiB/s over a minute: any working mirror passes, a trickle fails within about a minute. */
  public static ThroughputFloor defaults() {
    return new ThroughputFloor(16 * 1024, Duration.ofSeconds(60));
  }

  public static ThroughputFloor none() {
    return new ThroughputFloor(0, Duration.ofSeconds(60));
  }

  public boolean enabled() {
    return bytesPerSecond > 0;
  }
}
