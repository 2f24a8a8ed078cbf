package org.imagerelease.workflows.model;

import java.time.Duration;

/**
 * Activity timeouts of a release. They travel in the request, so a release keeps the values
 * it started with while workers are reconfigured.
 *
 * @param transferHeartbeat how soon a silent transfer is presumed dead and retried elsewhere
 * @param transferAttempt how long one upload or copy attempt may run
 * @param cloudCall how long one short cloud call (publish, withdraw, cleanup) may run
 * @param retryMaxInterval the longest wait between two attempts of a step, which doubles from
 *     2 s (5 s for a transfer) up to this; absent from a release started before it existed, which
 *     then keeps the 2 minutes it had
 */
public record ReleaseTimeouts(Duration transferHeartbeat, Duration transferAttempt, Duration cloudCall, Duration retryMaxInterval) {
  /** The shortest {@link #retryMaxInterval}: a transfer's first wait. */
  public static final Duration TRANSFER_RETRY_INITIAL = Duration.ofSeconds(5);

  /** A timeout that is null (absent from the payload) takes its default. */
  public ReleaseTimeouts {
    transferHeartbeat = transferHeartbeat == null ? Duration.ofMinutes(2) : transferHeartbeat;
    transferAttempt = transferAttempt == null ? Duration.ofHours(6) : transferAttempt;
    cloudCall = cloudCall == null ? Duration.ofMinutes(10) : cloudCall;
    retryMaxInterval = retryMaxInterval == null ? Duration.ofMinutes(2) : retryMaxInterval;
  }

  /** The three timeouts, and the default wait between attempts. */
  public ReleaseTimeouts(Duration transferHeartbeat, Duration transferAttempt, Duration cloudCall) {
    this(transferHeartbeat, transferAttempt, cloudCall, null);
  }

  public static ReleaseTimeouts defaults() {
    return new ReleaseTimeouts(null, null, null, null);
  }
}
