package org.imagerelease.starter.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReleaseCensusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String DEAD_LETTERS = "image-release.dead-letter";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<ReleaseCensus.RunningRelease> running = new ArrayList<>();
  private final AtomicReference<Map<String, Long>> waiting = new AtomicReference<>(Map.of());
  private final AtomicReference<RuntimeException> visibilityFails = new AtomicReference<>();
  private final ReleaseCensus census =
      ReleaseCensus.registered(
          registry,
          () -> {
            if (visibilityFails.get() != null) {
              throw visibilityFails.get();
            }
            return List.copyOf(running);
          },
          List.of(DEAD_LETTERS),
          waiting::get,
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void countsRunningReleasesByStageWithTheLongestTimeAtEach() {
    running.add(release("Fedora-41-20261207.0", "AWAITING_TESTS", NOW.minusSeconds(3_600)));
    running.add(release("Fedora-42-20261207.0", "AWAITING_TESTS", NOW.minusSeconds(600)));
    running.add(release("Fedora-Rawhide-20261207.n.0", "UPLOADING", NOW.minusSeconds(60)));

    census.countNow();

    assertThat(running("AWAITING_TESTS")).isEqualTo(2);
    assertThat(oldestAge("AWAITING_TESTS")).isEqualTo(3_600);
    assertThat(running("UPLOADING")).isEqualTo(1);
    assertThat(oldestAge("UPLOADING")).isEqualTo(60);
    assertThat(running("REPLICATING")).as("every running stage has its series, at zero").isZero();
    assertThat(oldestAge("REPLICATING")).isZero();
    assertThat(registry.find("image_release.releases.running").tag("stage", "RELEASED").gauge()).as("ended stages are no gauge").isNull();
  }

  @Test
  void aReleaseThatHasNotSaidItsStageIsCountedApart() {
    running.add(release("Fedora-41-20261207.0", "", NOW.minusSeconds(5)));

    census.countNow();

    assertThat(running(ReleaseCensus.NO_STAGE_YET)).isEqualTo(1);
  }

  @Test
  void waitingDeadLettersAreGaugedPerQueueAndUnknownWhileTheBrokerCannotBeAsked() {
    census.countNow();
    assertThat(deadLetters()).as("not connected yet").isNaN();

    waiting.set(Map.of(DEAD_LETTERS, 3L));
    census.countNow();

    assertThat(deadLetters()).isEqualTo(3);
  }

  @Test
  void aFailedCountKeepsTheLastOneAndIsCounted() {
    running.add(release("Fedora-41-20261207.0", "PUBLISHING", NOW.minusSeconds(120)));
    census.countNow();
    visibilityFails.set(new IllegalStateException("visibility store unavailable"));

    census.countNow();
    census.countNow();

    assertThat(running("PUBLISHING")).isEqualTo(1);
    assertThat(registry.counter("image_release.census.runs", "outcome", "failed").count()).isEqualTo(2);
    assertThat(registry.counter("image_release.census.runs", "outcome", "ok").count()).isEqualTo(1);

    visibilityFails.set(null);
    running.clear();
    census.countNow();
    assertThat(running("PUBLISHING")).isZero();
  }

  private double running(String stage) {
    return registry.get("image_release.releases.running").tag("stage", stage).gauge().value();
  }

  private double oldestAge(String stage) {
    return registry.get("image_release.releases.stage.longest").tag("stage", stage).gauge().value();
  }

  private double deadLetters() {
    return registry.get("image_release.dead_letters.waiting").tag("queue", DEAD_LETTERS).gauge().value();
  }

  private static ReleaseCensus.RunningRelease release(String composeId, String stage, Instant since) {
    return new ReleaseCensus.RunningRelease(composeId, stage, since);
  }
}
