package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    Spread spread = Spread.of(List.of(3.0, 1.0, 2.0));

    assertThat(spread.median()).isEqualTo(2.0);
    assertThat(spread.min()).isEqualTo(1.0);
    assertThat(spread.max()).isEqualTo(3.0);
    assertThat(spread.values()).as("in the order measured").containsExactly(3.0, 1.0, 2.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 10.0)).median()).isEqualTo(3.0);
  }

  @Test
  void needsAtLeastOneMeasurement() {
    assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
