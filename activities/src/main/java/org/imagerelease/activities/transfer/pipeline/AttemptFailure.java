package org.imagerelease.activities.transfer.pipeline;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first failure among one attempt's threads, and those threads' pools. Recording a failure
 * runs the stop actions (drop the source connection, interrupt the pools) so every other thread
 * ends promptly; their own follow-on failures are ignored.
 */
final class AttemptFailure {

  private final AtomicReference<Throwable> first = new AtomicReference<>();
  private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
  private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();

  /** Interrupts {@code pool} when a failure is recorded; {@link #awaitPools} waits for it. */
  <T extends ExecutorService> T stopsWith(T pool) {
    pools.add(pool);
    onFailure(pool::shutdownNow);
    return pool;
  }

  /**
   * Waits until every pool has finished, so no thread of this attempt touches the sink after the
   * attempt returned; false if one did not stop within {@code timeout}.
   */
  boolean awaitPools(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ExecutorService pool : pools) {
      pool.shutdown();
      if (!pool.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        return false;
      }
    }
    return true;
  }

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
