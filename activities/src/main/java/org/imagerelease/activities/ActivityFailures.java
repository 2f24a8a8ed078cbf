package org.imagerelease.activities;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.Callable;

/**
 * The one place where activity code meets Temporal's failure model: a {@link ReleaseException}
 * becomes a non-retryable {@link ApplicationFailure} of its failure type, so the workflow can tell
 * failures apart by type; any other exception stays retryable, as Temporal treats it by default.
 */
public final class ActivityFailures {

  /** A step of an activity that returns nothing. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private ActivityFailures() {}

  /** Runs the step and returns its result, translating its failure for Temporal. */
  public static <T> T call(Callable<T> step) {
    try {
      return step.call();
    } catch (ReleaseException e) {
      throw nonRetryable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw Activity.wrap(e);
    }
  }

  /** Runs the step, translating its failure for Temporal. */
  public static void run(Action step) {
    call(
        () -> {
          step.run();
          return null;
        });
  }

  /** The non-retryable failure of the exception's type, with its message and cause. */
  public static ApplicationFailure nonRetryable(ReleaseException e) {
    return ApplicationFailure.newNonRetryableFailureWithCause(
        e.getMessage(), e.failureType(), e.getCause());
  }
}
