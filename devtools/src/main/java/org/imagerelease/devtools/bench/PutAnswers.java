package org.imagerelease.devtools.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When the endpoint answered each accepted put of one upload, in order: the rates the bench
 * reports are read from these. The whole window counts the child JVM's warm-up (its first puts
 * run interpreted code, and the JIT compilers take cores from the upload), which a worker pays
 * once, not per image; the later half of the puts shows the rate once that has passed.
 */
record PutAnswers(List<Instant> answered, Duration putLatency) {

  PutAnswers {
    answered = answered.stream().sorted().toList();
  }

  /**
   * From the first put's arrival (one latency before its answer) to the last one's answer; NaN
   * without puts.
   */
  double windowSeconds() {
    if (answered.isEmpty()) {
      return Double.NaN;
    }
    return seconds(Duration.between(answered.get(0), answered.get(answered.size() - 1)).plus(putLatency));
  }

  /** All puts over {@link #windowSeconds()}. */
  double perSecond() {
    return answered.size() / windowSeconds();
  }

  /**
   * The puts answered after the middle one, over the time from its answer to the last one's:
   * the rate of the upload's second half. NaN with fewer than three puts or no time between.
   */
  double laterHalfPerSecond() {
    int middle = answered.size() / 2;
    if (answered.size() < 3) {
      return Double.NaN;
    }
    Duration span = Duration.between(answered.get(middle), answered.get(answered.size() - 1));
    return span.isZero() ? Double.NaN : (answered.size() - 1 - middle) / seconds(span);
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
