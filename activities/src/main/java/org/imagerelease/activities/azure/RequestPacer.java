package org.imagerelease.activities.azure;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Spaces the starts of requests to one blob so that no more than the allowed number begin in
 * any second, whichever thread sends them.
 */
final class RequestPacer {
  private final long intervalNanos;
  private long nextStart = System.nanoTime();

  RequestPacer(int requestsPerSecond) {
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / requestsPerSecond;
  }

  /** Waits until this request may start. */
  void awaitTurn() throws InterruptedIOException {
    long start;
    synchronized (this) {
      start = Math.max(nextStart, System.nanoTime());
      nextStart = start + intervalNanos;
    }
    long wait = start - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while pacing page writes");
      }
    }
  }
}
