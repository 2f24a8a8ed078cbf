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
  public static ReleaseTimeouts defaults() {
    return new ReleaseTimeouts(Duration.ofMinutes(2), Duration.ofHours(6), Duration.ofMinutes(10));
  }
}
