package org.imagerelease.activities.transfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockRangesTest {

  @Test
  void mergesNeighboursIntoRanges() {
    BlockRanges ranges = new BlockRanges();
    for (long block : List.of(5L, 3L, 4L, 10L, 0L, 1L, 11L, 2L)) {
      ranges.add(block);
    }

    assertThat(ranges).hasToString("0-5,10-11");
    assertThat(ranges.size()).isEqualTo(8);
    assertThat(ranges.add(4)).isFalse();
    assertThat(ranges.size()).isEqualTo(8);
  }

  @Test
  void readsWhatItWrites() {
    BlockRanges parsed = BlockRanges.parse("0-99,101,120-130");

    assertThat(parsed).hasToString("0-99,101,120-130");
    assertThat(parsed.size()).isEqualTo(100 + 1 + 11);
    assertThat(parsed.contains(101)).isTrue();
    assertThat(parsed.contains(100)).isFalse();
    assertThat(parsed.containsAll(120, 130)).isTrue();
    assertThat(parsed.containsAll(99, 101)).isFalse();
    assertThat(BlockRanges.parse("").size()).isZero();
    assertThat(BlockRanges.parse("1-3,2-4,6")).hasToString("1-4,6");
  }

  @Test
  void rejectsRangesThatAreNotRanges() {
    assertThatThrownBy(() -> BlockRanges.parse("7-3")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BlockRanges.parse("-1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void staysSmallForA64GibImageSettledNearlyInOrder() {
    // 131072 blocks of 512 KiB, finishing in order give or take 32 blocks in flight.
    List<Long> order = new ArrayList<>();
    for (long block = 0; block < 131_072; block++) {
      order.add(block);
    }
    Random random = new Random(9);
    for (int window = 0; window + 32 <= order.size(); window += 32) {
      Collections.shuffle(order.subList(window, window + 32), random);
    }
    BlockRanges done = new BlockRanges();
    int largest = 0;
    for (int i = 0; i < order.size(); i++) {
      done.add(order.get(i));
      if (i % 97 == 0) {
        largest = Math.max(largest, done.toString().length());
      }
      if (i == 100_000) {
        assertThat(done.rangeCount()).isLessThanOrEqualTo(17);
      }
    }

    assertThat(largest).isLessThan(400);
    assertThat(done).hasToString("0-131071");
  }
}
