package org.imagerelease.activities.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesEachWaitUpToTheMaximum() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void refusesAZeroStartOrAMaximumBelowIt() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("shorter than the initial");
  }
}
