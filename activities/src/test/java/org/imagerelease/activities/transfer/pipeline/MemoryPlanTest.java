package org.imagerelease.activities.transfer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryPlanTest {
  private static final int MIB = 1 << 20;
  private final MemoryPlan.Shape parallelXz = new MemoryPlan.Shape(4 * MIB, true, 6 * MIB, 8 * MIB);

  @Test
  void countsBlockBuffersHeldCompressedBlocksAndDictionaries() {
    MemoryPlan plan = parallelXz.plan(16, 2);

    // (2 x 16 in flight + 2 x 2 being filled or stitched + 5 spare) blocks, 3 compressed blocks, 2 dictionaries.
    assertThat(plan.bytes()).isEqualTo(41L * 4 * MIB + 3L * 6 * MIB + 2L * 8 * MIB);
  }

  @Test
  void aSmallerGrantGivesFewerSinkThreadsFirstThenFewerDecoders() {
    MemoryPlan wanted = parallelXz.plan(16, 2);

    MemoryPlan fewerSinks = MemoryPlan.fitting(wanted.bytes() - 4 * MIB, parallelXz, wanted);
    MemoryPlan least = MemoryPlan.fitting(parallelXz.plan(1, 1).bytes(), parallelXz, wanted);

    assertThat(fewerSinks.sinkParallelism()).isEqualTo(15);
    assertThat(fewerSinks.decodeThreads()).isEqualTo(2);
    assertThat(least.sinkParallelism()).isEqualTo(1);
    assertThat(least.decodeThreads()).isEqualTo(1);
    assertThat(MemoryPlan.fitting(wanted.bytes() * 2, parallelXz, wanted)).isEqualTo(wanted);
  }

  @Test
  void aSequentialDecoderHasOneDictionaryAndItsReadAhead() {
    MemoryPlan.Shape gzip = new MemoryPlan.Shape(MIB / 2, false, 0, MemoryPlan.GZIP_WINDOW);

    assertThat(gzip.plan(16, 4).decodeThreads()).isEqualTo(1);
    assertThat(gzip.plan(16, 4).bytes()).isEqualTo((2L * 16 + 2 + 5) * MIB / 2 + MemoryPlan.GZIP_WINDOW + MemoryPlan.PREFETCH);
  }
}
