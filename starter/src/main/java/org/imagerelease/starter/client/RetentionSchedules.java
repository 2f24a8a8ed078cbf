package org.imagerelease.starter.client;

import java.time.LocalTime;

/**
 * Where the daily retention run is scheduled: Temporal Schedules on a real cluster ({@link
 * TemporalRetentionSchedules}). The Java test server that {@code image-release server} and the
 * demo run has no Schedules, so this stays behind an interface the tests fake.
 */
public interface RetentionSchedules {
  /** The schedule's id on the cluster. */
  String SCHEDULE_ID = "image-release-retention-daily";

  /**
   * Creates the daily schedule, or updates it to {@code at} when it exists.
   *
   * @return whether it was created (false: updated)
   * @throws SchedulesUnavailable when the server has no Schedules
   */
  boolean installDaily(LocalTime at);

  /** The Temporal server answers no Schedule calls (the Java test server). */
  final class SchedulesUnavailable extends RuntimeException {
    public SchedulesUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
