package org.imagerelease.localcloud.aws;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls the endpoint answered: counts per operation since it started, and the most recent
 * calls (a bounded window, so that a long-running {@code dev} endpoint does not grow forever).
 */
final class CallLog {
  private static final int RECENT = 100_000;

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  /** Per operation and error code, e.g. {@code PutSnapshotBlock RequestThrottledException}. */
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Deque<AwsCall> recent = new ArrayDeque<>();

  void record(AwsCall call) {
    counts.computeIfAbsent(call.operation(), k -> new LongAdder()).increment();
    synchronized (recent) {
      recent.addLast(call);
      if (recent.size() > RECENT) {
        recent.removeFirst();
      }
    }
  }

  /** Counts an error answer; the call itself is recorded as every call is. */
  void recordError(String operation, String errorCode) {
    errors.computeIfAbsent(operation + ' ' + errorCode, k -> new LongAdder()).increment();
  }

  long errorCount(String operation, String errorCode) {
    LongAdder count = errors.get(operation + ' ' + errorCode);
    return count == null ? 0 : count.sum();
  }

  long count(String operation) {
    LongAdder count = counts.get(operation);
    return count == null ? 0 : count.sum();
  }

  List<AwsCall> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void forget() {
    counts.clear();
    errors.clear();
    synchronized (recent) {
      recent.clear();
    }
  }
}
