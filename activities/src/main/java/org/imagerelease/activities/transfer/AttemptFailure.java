package org.imagerelease.activities.transfer;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first failure among one attempt's threads. Recording it runs the stop actions (drop the
 * source connection, stop the pools) so every other thread ends promptly; their own follow-on
 * failures are ignored.
 */
final class AttemptFailure {

  private final AtomicReference<Throwable> first = new AtomicReference<>();
  private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();

  /** Runs {@code action} when a failure is recorded (at once if one already was). */
  void onFailure(Runnable action) {
    stopActions.add(action);
    if (happened()) {
      action.run();
    }
  }

  void record(Throwable failure) {
    if (first.compareAndSet(null, failure)) {
      for (Runnable action : stopActions) {
        try {
          action.run();
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  boolean happened() {
    return first.get() != null;
  }

  Throwable cause() {
    return first.get();
  }

  /** Lets a thread that notices another one's failure leave with an exception of its own. */
  void throwIfHappened() throws InterruptedIOException {
    Throwable cause = first.get();
    if (cause != null) {
      InterruptedIOException stopped = new InterruptedIOException("Transfer stopped: " + cause);
      stopped.initCause(cause);
      throw stopped;
    }
  }
}
