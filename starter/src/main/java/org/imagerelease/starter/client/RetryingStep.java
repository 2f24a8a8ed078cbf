package org.imagerelease.starter.client;

import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.util.Optional;

/**
 * A step of a release that Temporal is retrying: the release's own status learns of a failure only
 * once the step gives up, so while a server answers 500 or loops redirects, this is what tells a
 * person why nothing moves.
 *
 * @param activity the activity's type, e.g. {@code UploadImage}
 * @param attempt the attempt it is on (2 is the first retry)
 * @param lastFailure why the attempt before failed, with the failure's type where it has one
 */
public record RetryingStep(String activity, int attempt, String lastFailure) {

  /** The step, when the pending activity has failed at least once. */
  static Optional<RetryingStep> of(PendingActivityInfo activity) {
    if (!activity.hasLastFailure()) {
      return Optional.empty();
    }
    return Optional.of(new RetryingStep(activity.getActivityType().getName(), activity.getAttempt(), describe(activity.getLastFailure())));
  }

  /** The failure's message and its type, then its causes', as far as they add something. */
  private static String describe(Failure failure) {
    StringBuilder out = new StringBuilder();
    for (Failure current = failure; current != null; current = current.hasCause() ? current.getCause() : null) {
      String type = current.hasApplicationFailureInfo() ? current.getApplicationFailureInfo().getType() : "";
      String message = current.getMessage();
      String part = message.isEmpty() ? type : type.isEmpty() || message.contains(type) ? message : message + " (" + type + ")";
      if (!part.isEmpty() && !out.toString().contains(part)) {
        out.append(out.length() == 0 ? "" : ": ").append(part);
      }
    }
    return out.toString();
  }
}
