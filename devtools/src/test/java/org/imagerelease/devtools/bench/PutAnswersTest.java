package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PutAnswersTest {
  private static final Instant START = Instant.parse("2026-12-07T23:00:00Z");
  private static final Duration LATENCY = Duration.ofMillis(100);

  @Test
  void theWindowRunsFromTheFirstPutsArrivalToTheLastAnswer() {
    // 11 answers 10 ms apart, given out of order: 100 ms + 100 ms latency of the first.
    List<Instant> answers = new ArrayList<>();
    for (int i = 10; i >= 0; i--) {
      answers.add(START.plusMillis(10L * i));
    }

    PutAnswers puts = new PutAnswers(answers, LATENCY);

    assertThat(puts.windowSeconds()).isCloseTo(0.2, within(1e-9));
    assertThat(puts.perSecond()).isCloseTo(55, within(1e-6));
  }

  @Test
  void theLaterHalfLeavesASlowStartBehind() {
    // A slow start (10 puts in 1 s), then 10 puts 10 ms apart.
    List<Instant> answers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      answers.add(START.plusMillis(100L * i));
    }
    for (int i = 1; i <= 10; i++) {
      answers.add(START.plusMillis(900 + 10L * i));
    }

    PutAnswers puts = new PutAnswers(answers, LATENCY);

    assertThat(puts.laterHalfPerSecond()).as("9 answers in the 90 ms after the middle one").isCloseTo(100, within(1e-6));
    assertThat(puts.perSecond()).isLessThan(20);
  }

  @Test
  void tooFewPutsHaveNoRate() {
    PutAnswers none = new PutAnswers(List.of(), LATENCY);
    PutAnswers two = new PutAnswers(List.of(START, START.plusMillis(5)), LATENCY);

    assertThat(none.windowSeconds()).isNaN();
    assertThat(two.laterHalfPerSecond()).isNaN();
    assertThat(two.perSecond()).isCloseTo(2 / 0.105, within(1e-6));
  }
}
