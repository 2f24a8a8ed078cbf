package org.imagerelease.starter.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.imagerelease.workflows.model.ReleaseStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, every interval, the releases still running by stage (and how long the one longest at
 * each stage has been at it) and the messages waiting in dead-letter queues, into the gauges the alert
 * rules of deploy/prometheus/alerts.yml watch: a release stuck, a gate waiting too long, dead
 * letters present. No worker can say these: each sees only the tasks it runs.
 *
 * <p>It runs in the consumer, of which one replica runs: every worker counting the same releases
 * would ask Temporal's visibility store as many times and export as many copies of each series.
 * Between two counts the gauges show the last one; a count that fails leaves them as they were
 * and is counted in {@code image_release_census_runs_total{outcome="failed"}}.
 */
public final class ReleaseCensus implements AutoCloseable {
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  /** The stage label of a running release that has not said its stage yet. */
  static final String NO_STAGE_YET = "NONE";
  private static final Logger LOG = LoggerFactory.getLogger(ReleaseCensus.class);

  private final Supplier<List<RunningRelease>> runningReleases;
  private final Supplier<Map<String, Long>> waitingDeadLetters;
  private final Clock clock;
  private final Counter succeeded;
  private final Counter failed;
  private final ScheduledExecutorService schedule;
  private volatile ReleaseCount count = ReleaseCount.NONE;
  private volatile Map<String, Long> deadLetters = Map.of();
  private volatile boolean failing;

  private ReleaseCensus(
      MeterRegistry registry,
      Supplier<List<RunningRelease>> runningReleases,
      List<String> deadLetterQueues,
      Supplier<Map<String, Long>> waitingDeadLetters,
      Clock clock) {
    this.runningReleases = runningReleases;
    this.waitingDeadLetters = waitingDeadLetters;
    this.clock = clock;
    this.succeeded = runs(registry, "ok");
    this.failed = runs(registry, "failed");
    this.schedule =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "release-census");
              thread.setDaemon(true);
              return thread;
            });
    stageLabels().forEach(stage -> registerStageGauges(registry, stage));
    deadLetterQueues.forEach(queue -> registerDeadLetterGauge(registry, queue));
  }

  /**
   * The census with its gauges registered, not counting yet.
   *
   * @param runningReleases the releases still running, each with when it entered its stage
   * @param deadLetterQueues the dead-letter queues of the configuration, one gauge each
   * @param waitingDeadLetters how many messages wait in each, as far as the broker can be asked
   */
  public static ReleaseCensus registered(
      MeterRegistry registry,
      Supplier<List<RunningRelease>> runningReleases,
      List<String> deadLetterQueues,
      Supplier<Map<String, Long>> waitingDeadLetters,
      Clock clock) {
    return new ReleaseCensus(registry, runningReleases, deadLetterQueues, waitingDeadLetters, clock);
  }

  /** Counts now and then every {@code interval}, on a thread of its own, until closed. */
  public ReleaseCensus countingEvery(Duration interval) {
    schedule.scheduleWithFixedDelay(this::countNow, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One count: the gauges show it once it is done. Never throws: a failed count is logged and counted. */
  public void countNow() {
    try {
      count = ReleaseCount.of(runningReleases.get(), clock.instant());
      deadLetters = Map.copyOf(waitingDeadLetters.get());
      succeeded.increment();
      if (failing) {
        LOG.info("Counting running releases works again: {} running", count.total());
        failing = false;
      }
    } catch (RuntimeException e) {
      failed.increment();
      if (!failing) {
        LOG.warn("Could not count the running releases (the stuck-release alerts see the last count until this works again): {}", e.toString());
        failing = true;
      }
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }

  private static List<String> stageLabels() {
    List<String> running = Arrays.stream(ReleaseStage.values()).filter(stage -> !stage.isFinal()).map(Enum::name).toList();
    return Stream.concat(running.stream(), Stream.of(NO_STAGE_YET)).toList();
  }

  private void registerStageGauges(MeterRegistry registry, String stage) {
    Gauge.builder("image_release.releases.running", () -> count.running(stage))
        .description("Releases still running, by the stage they are at (counted by the consumer's census)")
        .tag("stage", stage)
        .register(registry);
    Gauge.builder("image_release.releases.stage.longest", () -> count.longestSecondsAt(stage))
        .description("How long the release longest at this stage has been at it, as of the last count; 0 when none is there")
        .baseUnit("seconds")
        .tag("stage", stage)
        .register(registry);
  }

  private void registerDeadLetterGauge(MeterRegistry registry, String queue) {
    Gauge.builder("image_release.dead_letters.waiting", () -> waitingIn(queue))
        .description("Messages waiting in a dead-letter queue for `image-release dead`; NaN while the broker cannot be asked")
        .tag("queue", queue)
        .register(registry);
  }

  private double waitingIn(String queue) {
    Long waiting = deadLetters.get(queue);
    return waiting == null ? Double.NaN : waiting;
  }

  private static Counter runs(MeterRegistry registry, String outcome) {
    return Counter.builder("image_release.census.runs")
        .description("Counts of the running releases and dead letters, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * A release still running.
   *
   * @param stage its {@code ReleaseStage}; empty when it has not said yet
   * @param since when it entered that stage, or when it started where that is not known; null if neither is
   */
  public record RunningRelease(String composeId, String stage, Instant since) {}

  /** The running releases of one count, by stage label. */
  record ReleaseCount(Map<String, Long> runningByStage, Map<String, Instant> longestSinceByStage, Instant countedAt) {
    static final ReleaseCount NONE = new ReleaseCount(Map.of(), Map.of(), Instant.EPOCH);

    static ReleaseCount of(List<RunningRelease> running, Instant now) {
      Map<String, Long> byStage = new HashMap<>();
      Map<String, Instant> longest = new HashMap<>();
      for (RunningRelease release : running) {
        String stage = release.stage().isEmpty() ? NO_STAGE_YET : release.stage();
        byStage.merge(stage, 1L, Long::sum);
        if (release.since() != null) {
          longest.merge(stage, release.since(), (a, b) -> a.isBefore(b) ? a : b);
        }
      }
      return new ReleaseCount(Map.copyOf(byStage), Map.copyOf(longest), now);
    }

    long total() {
      return runningByStage.values().stream().mapToLong(Long::longValue).sum();
    }

    double running(String stage) {
      return runningByStage.getOrDefault(stage, 0L);
    }

    double longestSecondsAt(String stage) {
      Instant since = longestSinceByStage.get(stage);
      return since == null ? 0 : Math.max(0, Duration.between(since, countedAt).toMillis() / 1000.0);
    }
  }
}
