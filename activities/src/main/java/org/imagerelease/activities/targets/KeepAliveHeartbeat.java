package org.imagerelease.activities.targets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long step's heartbeat that also beats on its own while the step is silent. Before its first
 * checkpoint a step makes cloud calls (credentials, a preflight, a gallery definition, a snapshot
 * started), and throttling, which the clients wait out, can stretch them past the heartbeat
 * timeout: the step would pass for one whose worker died and be run again, into the same
 * throttling, attempt after attempt. A worker that does die takes this beat with it.
 *
 * <p>It beats the details the step last gave, and before the step gave any, those its earlier
 * attempt left, so a checkpoint is never overwritten by less. It stops beating once the step has
 * been silent for {@code maxSilence}: a step stuck that long is left to the heartbeat timeout.
 */
final class KeepAliveHeartbeat implements Heartbeat, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeepAliveHeartbeat.class);
  private static final ObjectMapper JSON = ReleaseDataConverter.objectMapper();
  /** Longer than any one cloud call may take (each has its own timeout), retries included. */
  static final Duration MAX_SILENCE = Duration.ofMinutes(10);

  private final Heartbeat heartbeat;
  private final Duration interval;
  private final Duration maxSilence;
  private final Optional<JsonNode> earlier;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private Object lastDetails;
  private long lastOwnBeat = System.nanoTime();
  private boolean givenUp;

  /** Keeps {@code heartbeat} of a step whose heartbeat timeout is {@code timeout} alive: beats thrice a timeout. */
  static KeepAliveHeartbeat of(Heartbeat heartbeat, Duration timeout) {
    Duration interval = timeout.isZero() ? Duration.ofSeconds(10) : timeout.dividedBy(3);
    return new KeepAliveHeartbeat(heartbeat, interval, MAX_SILENCE);
  }

  /**
   * Beats {@code heartbeat} every {@code interval} the step has not, for at most {@code
   * maxSilence} of the step's silence.
   */
  KeepAliveHeartbeat(Heartbeat heartbeat, Duration interval, Duration maxSilence) {
    this.heartbeat = heartbeat;
    this.interval = interval;
    this.maxSilence = maxSilence;
    // Read as a tree before anything is beaten: the SDK hands back this attempt's own last details
    // once there are some, and the earlier attempt's are what the step asks for.
    this.earlier = heartbeat.lastDetails(JsonNode.class);
    this.lastDetails = earlier.orElse(null);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "keep-alive-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
    long millis = Math.max(1, interval.toMillis());
    timer.scheduleWithFixedDelay(this::beatIfSilent, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void beat(Object details) {
    synchronized (lock) {
      lastDetails = details;
      lastOwnBeat = System.nanoTime();
    }
    heartbeat.beat(details);
  }

  @Override
  public <T> Optional<T> lastDetails(Class<T> type) {
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.treeToValue(earlier.get(), type));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The earlier attempt's heartbeat details are not a " + type.getSimpleName(), e);
    }
  }

  private void beatIfSilent() {
    Object details;
    synchronized (lock) {
      long silent = System.nanoTime() - lastOwnBeat;
      if (silent < interval.toNanos() || givenUp) {
        return;
      }
      if (silent > maxSilence.toNanos()) {
        givenUp = true;
        log.warn("The step has been silent for over {}; its heartbeat is left to time out", maxSilence);
        return;
      }
      details = lastDetails;
    }
    try {
      heartbeat.beat(details);
    } catch (RuntimeException e) {
      // Cancelled, or the server forgot the step: the step's own next beat says so where it can act.
      log.debug("A keep-alive beat failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
