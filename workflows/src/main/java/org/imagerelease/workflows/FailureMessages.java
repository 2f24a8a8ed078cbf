package org.imagerelease.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Arrays;

/** One-line descriptions of Temporal failures, for the status' last error and the logs. */
public final class FailureMessages {
  private FailureMessages() {}

  /** The root cause a person can act on, e.g. {@code ChecksumMismatch: image ... expected ...}. */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return app.getType() + ": " + app.getOriginalMessage();
      }
      if (t instanceof TimeoutFailure timeout) {
        return "timed out (" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "") + ")";
      }
      if (t instanceof CanceledFailure) {
        return "cancelled";
      }
    }
    if (failure instanceof ActivityFailure activity) {
      return activity.getActivityType() + " failed";
    }
    return String.valueOf(failure.getMessage());
  }

  /** Whether retrying cannot cure the failure: a checksum mismatch, a configuration error ... */
  static boolean isPermanent(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return app.isNonRetryable() || Arrays.asList(ReleaseFailureTypes.NON_RETRYABLE).contains(app.getType());
      }
    }
    return false;
  }

  static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }
}
