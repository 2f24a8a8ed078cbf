package org.imagerelease.activities.targets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class KeepAliveHeartbeatTest {
  private static final Duration OFTEN = Duration.ofMillis(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an earlier attempt left: a checkpoint the keep-alive must carry on, never erase. */
  record Checkpoint(String snapshot, long blocks) {}

  @Test
  void aSilentStepIsKeptAliveWithTheCheckpointItsEarlierAttemptLeft() throws Exception {
    RecordingHeartbeat recorded = new RecordingHeartbeat(Optional.of(JSON.valueToTree(new Checkpoint("snap-1", 40))));

    try (KeepAliveHeartbeat heartbeat = new KeepAliveHeartbeat(recorded, OFTEN, Duration.ofMinutes(1))) {
      waitUntil(() -> recorded.beats().size() >= 3);
      assertThat(heartbeat.lastDetails(Checkpoint.class)).as("the step still reads what its earlier attempt left").contains(new Checkpoint("snap-1", 40));
    }

    assertThat(recorded.beats()).allSatisfy(details -> assertThat(JSON.treeToValue((JsonNode) details, Checkpoint.class)).isEqualTo(new Checkpoint("snap-1", 40)));
  }

  @Test
  void onceTheStepBeatsItsOwnDetailsAreTheOnesKeptAlive() throws Exception {
    RecordingHeartbeat recorded = new RecordingHeartbeat(Optional.empty());

    try (KeepAliveHeartbeat heartbeat = new KeepAliveHeartbeat(recorded, OFTEN, Duration.ofMinutes(1))) {
      heartbeat.beat(new Checkpoint("snap-2", 7));
      int own = recorded.beats().size();
      waitUntil(() -> recorded.beats().size() >= own + 3);
      assertThat(heartbeat.lastDetails(Checkpoint.class)).as("no earlier attempt").isEmpty();
    }

    assertThat(recorded.beats()).containsOnly(new Checkpoint("snap-2", 7));
  }

  @Test
  void aStepSilentLongerThanTheLimitIsLeftToItsHeartbeatTimeoutAndClosingStopsTheBeats() throws Exception {
    RecordingHeartbeat recorded = new RecordingHeartbeat(Optional.empty());

    try (KeepAliveHeartbeat heartbeat = new KeepAliveHeartbeat(recorded, OFTEN, Duration.ofMillis(200))) {
      waitUntil(() -> recorded.beats().size() >= 2);
      // Past the limit the count stops growing: sample it until two samples a while apart agree.
      int settled;
      do {
        settled = recorded.beats().size();
        Thread.sleep(300);
      } while (recorded.beats().size() != settled);
      heartbeat.beat(new Checkpoint("snap-3", 1));
    }
    int atClose = recorded.beats().size();
    Thread.sleep(200);

    assertThat(recorded.beats()).hasSize(atClose).last().isEqualTo(new Checkpoint("snap-3", 1));
  }

  @Test
  void aFailingKeepAliveBeatDoesNotStopTheStepWhoseOwnBeatReportsIt() throws Exception {
    RecordingHeartbeat cancelled = new RecordingHeartbeat(Optional.empty());
    cancelled.failWith(new IllegalStateException("cancelled"));

    try (KeepAliveHeartbeat heartbeat = new KeepAliveHeartbeat(cancelled, OFTEN, Duration.ofMinutes(1))) {
      waitUntil(() -> cancelled.attempts() >= 3);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> heartbeat.beat("progress")).hasMessage("cancelled");
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the condition came true in time").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Records every beat; may fail them all, as a cancelled step's heartbeat does. */
  private static final class RecordingHeartbeat implements Heartbeat {
    private final Optional<JsonNode> earlier;
    private final List<Object> beats = new ArrayList<>();
    private RuntimeException failure;
    private int attempts;

    RecordingHeartbeat(Optional<JsonNode> earlier) {
      this.earlier = earlier;
    }

    synchronized void failWith(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public synchronized void beat(Object details) {
      attempts++;
      if (failure != null) {
        throw failure;
      }
      beats.add(details);
    }

    synchronized List<Object> beats() {
      return new ArrayList<>(beats);
    }

    synchronized int attempts() {
      return attempts;
    }

    @Override
    public <T> Optional<T> lastDetails(Class<T> type) {
      return earlier.map(type::cast);
    }
  }
}
