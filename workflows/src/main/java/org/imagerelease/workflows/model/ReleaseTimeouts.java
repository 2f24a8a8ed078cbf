package org.imagerelease.workflows.model;

import java.time.Duration;

/**
 * Activity timeouts of a release. They travel in the request, so a release keeps the values
 * it started with while workers are reconfigured.
 *
 * @param transferHeartbeat how soon a silent transfer is presumed dead and retried elsewhere
 * @param transferAttempt how long one upload or copy attempt may run
 * @param cloudCall how long one short cloud call (publish, withdraw, cleanup) may run
 */
public record ReleaseTimeouts(Duration transferHeartbeat, Duration transferAttempt, Duration cloudCall) {
  /** A timeout that is null (absent from the payload) takes its default. */
  public ReleaseTimeouts {
    transferHeartbeat = transferHeartbeat == null ? Duration.ofMinutes(2) : transferHeartbeat;
    transferAttempt = transferAttempt == null ? Duration.ofHours(6) : transferAttempt;
    cloudCall = cloudCall == null ? Duration.ofMinutes(10) : cloudCall;
  }

  public static ReleaseTimeouts defaults() {
    return new ReleaseTimeouts(null, null, null);
  }
}
