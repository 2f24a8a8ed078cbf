package org.imagerelease.localcloud.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Misbehaviour the {@link ComposeHttpServer} can be told to show, changeable while it runs, so
 * tests can prove that downloads resume, retry and time out as they should. Each fault applies
 * to one path (relative to the served root, e.g. {@code Cloud/x86_64/images/x.raw.xz}) or to
 * {@link #ANY_PATH}; byte counts are body bytes of one response.
 */
public final class Faults {
  /** Matches every path that has no fault of the same kind of its own. */
  public static final String ANY_PATH = "*";
  /** For {@code times}: keep applying until {@link #clear()}. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  private record Countdown(AtomicInteger remaining) {
    boolean take() {
      return remaining.getAndUpdate(n -> n == ALWAYS || n <= 0 ? n : n - 1) > 0;
    }
  }

  private record Throttle(long bytesPerSecond) {}

  private record Drop(long afterBytes, Countdown countdown) {}

  private record Stall(long afterBytes, Duration duration, Countdown countdown) {}

  private record Failure(int status, Countdown countdown) {}

  /** What happens to one response, decided when it starts. */
  record Plan(long bytesPerSecond, long dropAfter, long stallAfter, Duration stall, int failStatus) {
    static final Plan NONE = new Plan(0, -1, -1, Duration.ZERO, 0);
  }

  private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();
  private final Map<String, Drop> drops = new ConcurrentHashMap<>();
  private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final Object released = new Object();
  private volatile long generation;

  /** Sends the body of responses for {@code path} at about {@code bytesPerSecond}. */
  public void throttle(String path, long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytes per second must be positive");
    }
    throttles.put(key(path), new Throttle(bytesPerSecond));
  }

  /** Closes the connection after {@code bytes} body bytes, for the next {@code times} responses. */
  public void dropAfter(String path, long bytes, int times) {
    drops.put(key(path), new Drop(bytes, new Countdown(new AtomicInteger(times))));
  }

  /**
   * Stops sending for {@code duration} after {@code bytes} body bytes (then carries on), for the
   * next {@code times} responses; {@link #clear()} or closing the server ends a stall early.
   */
  public void stallAfter(String path, long bytes, Duration duration, int times) {
    stalls.put(key(path), new Stall(bytes, duration, new Countdown(new AtomicInteger(times))));
  }

  /** Answers the next {@code times} requests for {@code path} with {@code status} and no body. */
  public void failWith(String path, int status, int times) {
    failures.put(key(path), new Failure(status, new Countdown(new AtomicInteger(times))));
  }

  /** Removes every fault and ends stalls in progress. */
  public void clear() {
    throttles.clear();
    drops.clear();
    stalls.clear();
    failures.clear();
    release();
  }

  void release() {
    synchronized (released) {
      generation++;
      released.notifyAll();
    }
  }

  /** Decides, and uses up one count of, the faults for a response to {@code path}. */
  Plan planFor(String path) {
    String key = key(path);
    Failure failure = lookup(failures, key);
    if (failure != null && failure.countdown().take()) {
      return new Plan(0, -1, -1, Duration.ZERO, failure.status());
    }
    Throttle throttle = lookup(throttles, key);
    Drop drop = lookup(drops, key);
    Stall stall = lookup(stalls, key);
    boolean dropping = drop != null && drop.countdown().take();
    boolean stalling = stall != null && stall.countdown().take();
    if (throttle == null && !dropping && !stalling) {
      return Plan.NONE;
    }
    return new Plan(
        throttle == null ? 0 : throttle.bytesPerSecond(),
        dropping ? drop.afterBytes() : -1,
        stalling ? stall.afterBytes() : -1,
        stalling ? stall.duration() : Duration.ZERO,
        0);
  }

  /** Waits out a stall; returns early when faults are cleared or the server closes. */
  void awaitStall(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (released) {
      long start = generation;
      long left;
      while (generation == start && (left = deadline - System.nanoTime()) > 0) {
        released.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private static <T> T lookup(Map<String, T> rules, String key) {
    T rule = rules.get(key);
    return rule != null ? rule : rules.get(ANY_PATH);
  }

  private static String key(String path) {
    if (path.equals(ANY_PATH)) {
      return path;
    }
    return path.startsWith("/") ? path.substring(1) : path;
  }
}
