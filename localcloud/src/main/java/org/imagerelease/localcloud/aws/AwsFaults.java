package org.imagerelease.localcloud.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaviour the local AWS endpoint shows on demand, changeable while it runs. A fault applies
 * to one operation (its name in the API model: {@code PutSnapshotBlock}, {@code CopyImage},
 * {@code PutParameter}) or {@link #ANY_OPERATION}, in every region or, through
 * {@link #inRegion}, in one. Counted faults for the same operation and region take turns: a
 * later one applies once the earlier ones are used up. The most specific rule wins: region and
 * operation, then region, then operation, then any.
 */
public final class AwsFaults {
  public static final String ANY_OPERATION = "*";
  public static final String ANY_REGION = "*";
  /** For {@code times}: keep applying until {@link #clear()}. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  /** What a fault does to one call. */
  enum Kind {
    /** Answer with the service's own throttling error. */
    THROTTLE,
    /** Answer with a 500 or 503 in the service's error shape. */
    STATUS,
    /** Answer with a given error code and status in the service's error shape. */
    ERROR,
    /** Close the connection without an answer, before the request takes effect. */
    RESET,
    /** Carry the request out, then close the connection without an answer. */
    DROP_RESPONSE
  }

  private record Key(String region, String operation) {}

  private static final class Rule {
    final Kind kind;
    final int status;
    final String errorCode;
    final AtomicInteger remaining;

    Rule(Kind kind, int status, int times) {
      this(kind, status, null, times);
    }

    Rule(Kind kind, int status, String errorCode, int times) {
      this.kind = kind;
      this.status = status;
      this.errorCode = errorCode;
      this.remaining = new AtomicInteger(times);
    }

    boolean take() {
      return remaining.getAndUpdate(n -> n == ALWAYS || n <= 0 ? n : n - 1) > 0;
    }
  }

  /** The fault (if any) and latency for one call, decided when it arrives. */
  record Plan(Kind kind, int status, String errorCode, Duration latency) {
    static final Plan NONE = new Plan(null, 0, null, Duration.ZERO);
  }

  private final Map<Key, List<Rule>> rules;
  private final Map<Key, Duration> latencies;
  private final String region;

  AwsFaults() {
    this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), ANY_REGION);
  }

  private AwsFaults(Map<Key, List<Rule>> rules, Map<Key, Duration> latencies, String region) {
    this.rules = rules;
    this.latencies = latencies;
    this.region = region;
  }

  /** The same faults, with what is set through the view applying to {@code region} only. */
  public AwsFaults inRegion(String regionName) {
    return new AwsFaults(rules, latencies, regionName);
  }

  /** The next {@code times} calls answer with the service's throttling error. */
  public AwsFaults throttle(String operation, int times) {
    return add(operation, new Rule(Kind.THROTTLE, 0, times));
  }

  /** The next {@code times} calls answer with {@code status} (500 or 503). */
  public AwsFaults failWith(String operation, int status, int times) {
    if (status != 500 && status != 503) {
      throw new IllegalArgumentException("AWS services fail with 500 or 503, not " + status);
    }
    return add(operation, new Rule(Kind.STATUS, status, times));
  }

  /**
   * The next {@code times} calls answer with {@code errorCode} and {@code status} in the
   * service's error shape, e.g. EBS's {@code ResourceNotFoundException} (404) right after
   * StartSnapshot, a race AWS is known for, or EC2's {@code UnauthorizedOperation} (403).
   */
  public AwsFaults failWithError(String operation, int status, String errorCode, int times) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error has a 4xx or 5xx status, not " + status);
    }
    return add(operation, new Rule(Kind.ERROR, status, errorCode, times));
  }

  /** The next {@code times} calls lose their connection before they take effect. */
  public AwsFaults resetConnection(String operation, int times) {
    return add(operation, new Rule(Kind.RESET, 0, times));
  }

  /**
   * The next {@code times} calls take effect but lose their connection before the answer, so
   * the client cannot know: what a retry with the same ClientToken is for.
   */
  public AwsFaults dropResponse(String operation, int times) {
    return add(operation, new Rule(Kind.DROP_RESPONSE, 0, times));
  }

  /** Every call waits {@code latency} before it is handled, until {@link #clear()}. */
  public AwsFaults addLatency(String operation, Duration latency) {
    latencies.put(new Key(region, operation), latency);
    return this;
  }

  /** Removes every fault and latency, in every region. */
  public void clear() {
    rules.clear();
    latencies.clear();
  }

  /** Decides, and uses up one count of, the fault for a call. */
  Plan planFor(String callRegion, String operation) {
    Duration latency = Duration.ZERO;
    Rule rule = null;
    for (Key key : candidates(callRegion, operation)) {
      if (latency.isZero()) {
        latency = latencies.getOrDefault(key, Duration.ZERO);
      }
      if (rule == null) {
        rule = take(rules.get(key));
      }
    }
    if (rule == null && latency.isZero()) {
      return Plan.NONE;
    }
    return rule == null
        ? new Plan(null, 0, null, latency)
        : new Plan(rule.kind, rule.status, rule.errorCode, latency);
  }

  private static List<Key> candidates(String callRegion, String operation) {
    return List.of(new Key(callRegion, operation), new Key(callRegion, ANY_OPERATION),
        new Key(ANY_REGION, operation), new Key(ANY_REGION, ANY_OPERATION));
  }

  private AwsFaults add(String operation, Rule rule) {
    if (rule.remaining.get() <= 0) {
      throw new IllegalArgumentException("times must be positive");
    }
    rules.computeIfAbsent(new Key(region, operation), k -> new CopyOnWriteArrayList<>()).add(rule);
    return this;
  }

  private static Rule take(List<Rule> inTurn) {
    if (inTurn != null) {
      for (Rule rule : inTurn) {
        if (rule.take()) {
          return rule;
        }
      }
    }
    return null;
  }
}
