package org.imagerelease.localcloud.aws;

/**
 * A request rate limit: up to {@code perSecond} requests in any one-second burst, refilled
 * continuously, as AWS throttles per snapshot. Runs on the monotonic clock, not the endpoint's
 * (which tests may move forward).
 */
final class TokenBucket {
  private double tokens = -1;
  private long lastNanos;

  /** Takes one request's token at {@code perSecond}; false when the caller must be throttled. */
  synchronized boolean tryTake(int perSecond) {
    long now = System.nanoTime();
    if (tokens < 0) {
      tokens = perSecond;
    } else {
      tokens = Math.min(perSecond, tokens + (now - lastNanos) * perSecond / 1e9);
    }
    lastNanos = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
