package org.imagerelease.localcloud.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Misbehaviour the {@link ComposeHttpServer} can be told to show, changeable while it runs, so
 * tests can prove that downloads resume, retry and time out as they should. Each fault applies
 * to one path (relative to the served root, e.g. {@code Cloud/x86_64/images/x.raw.xz}) or to
 * {@link #ANY_PATH}; byte counts are body bytes of one response. Counted faults of one kind set
 * for the same path take turns: a later one applies once the earlier ones are used up, so a test
 * can drop the first response after 50 KB and the next after 70 KB.
 */
public final class Faults {
  /** Matches every path that has no fault of the same kind of its own. */
  public static final String ANY_PATH = "*";
  /** For {@code times}: keep applying until {@link #clear()}. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  private record Countdown(AtomicInteger remaining) {
    Countdown(int times) {
      this(new AtomicInteger(times));
    }

    boolean take() {
      return remaining.getAndUpdate(n -> n == ALWAYS || n <= 0 ? n : n - 1) > 0;
    }
  }

  /** A fault that applies to a number of responses. */
  private interface Counted {
    Countdown countdown();
  }

  private record Throttle(long bytesPerSecond) {}

  private record Drop(long afterBytes, Countdown countdown) implements Counted {}

  private record Stall(long afterBytes, Duration duration, Countdown countdown) implements Counted {}

  private record Failure(int status, Countdown countdown) implements Counted {}

  /** What happens to one response, decided when it starts. */
  record Plan(long bytesPerSecond, long dropAfter, long stallAfter, Duration stall, int failStatus,
      boolean ignoreRange) {
    static final Plan NONE = new Plan(0, -1, -1, Duration.ZERO, 0, false);
  }

  private final Map<String, Throttle> throttles = new ConcurrentHashMap<>();
  private final Map<String, List<Drop>> drops = new ConcurrentHashMap<>();
  private final Map<String, List<Stall>> stalls = new ConcurrentHashMap<>();
  private final Map<String, List<Failure>> failures = new ConcurrentHashMap<>();
  private final Set<String> rangesIgnored = ConcurrentHashMap.newKeySet();
  private volatile RandomFaults random;
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
    queue(drops, path, new Drop(bytes, new Countdown(times)));
  }

  /**
   * Stops sending for {@code duration} after {@code bytes} body bytes (then carries on), for the
   * next {@code times} responses; {@link #clear()} or closing the server ends a stall early.
   */
  public void stallAfter(String path, long bytes, Duration duration, int times) {
    queue(stalls, path, new Stall(bytes, duration, new Countdown(times)));
  }

  /** Answers the next {@code times} requests for {@code path} with {@code status} and no body. */
  public void failWith(String path, int status, int times) {
    queue(failures, path, new Failure(status, new Countdown(times)));
  }

  /**
   * Serves the whole file with 200 whatever {@code Range} asks, as servers without range support
   * do, until {@link #clear()}.
   */
  public void ignoreRange(String path) {
    rangesIgnored.add(key(path));
  }

  /**
   * Spoils about {@code fraction} of all responses, chosen by a seeded random (so a run can be
   * repeated): a 503, a 429, or a connection reset after part of the body, in turn, until {@link
   * #clear()}. The other faults still apply to the rest.
   */
  public void spoilRandomly(double fraction, long seed) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be between 0 and 1, was " + fraction);
    }
    random = new RandomFaults(fraction, new SplittableRandom(seed));
  }

  /** How many responses {@link #spoilRandomly} spoiled so far. */
  public long spoiledRandomly() {
    RandomFaults current = random;
    return current == null ? 0 : current.spoiled.get();
  }

  /** Removes every fault and ends stalls in progress. */
  public void clear() {
    random = null;
    throttles.clear();
    drops.clear();
    stalls.clear();
    failures.clear();
    rangesIgnored.clear();
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
    RandomFaults spoiler = random;
    if (spoiler != null) {
      Plan spoiled = spoiler.next();
      if (spoiled != null) {
        return spoiled;
      }
    }
    String key = key(path);
    Failure failure = take(failures, key);
    if (failure != null) {
      return new Plan(0, -1, -1, Duration.ZERO, failure.status(), false);
    }
    Throttle throttle = lookup(throttles, key);
    Drop drop = take(drops, key);
    Stall stall = take(stalls, key);
    boolean ignoreRange = rangesIgnored.contains(key) || rangesIgnored.contains(ANY_PATH);
    if (throttle == null && drop == null && stall == null && !ignoreRange) {
      return Plan.NONE;
    }
    return new Plan(
        throttle == null ? 0 : throttle.bytesPerSecond(),
        drop != null ? drop.afterBytes() : -1,
        stall != null ? stall.afterBytes() : -1,
        stall != null ? stall.duration() : Duration.ZERO,
        0,
        ignoreRange);
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

  /** The responses {@link #spoilRandomly} picks, and what each gets, in turn. */
  private static final class RandomFaults {
    private final double fraction;
    private final SplittableRandom random;
    private final AtomicLong spoiled = new AtomicLong();

    RandomFaults(double fraction, SplittableRandom random) {
      this.fraction = fraction;
      this.random = random;
    }

    /** The plan of a spoiled response, or null to leave this one alone. */
    synchronized Plan next() {
      if (random.nextDouble() >= fraction) {
        return null;
      }
      return switch ((int) (spoiled.getAndIncrement() % 3)) {
        case 0 -> new Plan(0, -1, -1, Duration.ZERO, 503, false);
        case 1 -> new Plan(0, -1, -1, Duration.ZERO, 429, false);
        default -> new Plan(0, random.nextLong(1, 256 * 1024), -1, Duration.ZERO, 0, false);
      };
    }
  }

  private static <T> void queue(Map<String, List<T>> rules, String path, T rule) {
    rules.computeIfAbsent(key(path), k -> new CopyOnWriteArrayList<>()).add(rule);
  }

  /** Uses up one count of the first fault in turn for {@code key}; null when none is left. */
  private static <T extends Counted> T take(Map<String, List<T>> rules, String key) {
    List<T> inTurn = lookup(rules, key);
    if (inTurn != null) {
      for (T rule : inTurn) {
        if (rule.countdown().take()) {
          return rule;
        }
      }
    }
    return null;
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
