package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonZeroPagesTest {

  @Test
  void runsOfPagesWithAnyNonZeroByte() {
    byte[] block = new byte[8 * 512];
    block[0] = 1; // page 0
    block[511 + 512] = 1; // page 1, its last byte
    block[4 * 512 + 100] = 1; // page 4
    block[7 * 512] = 1; // page 7

    assertThat(NonZeroPages.runs(block, block.length))
        .containsExactly(new int[] {0, 1024}, new int[] {2048, 2560}, new int[] {3584, 4096});
  }

  @Test
  void onlyTheGivenLengthCounts() {
    byte[] block = new byte[4 * 512];
    block[3 * 512] = 1;

    assertThat(NonZeroPages.runs(block, 3 * 512)).isEmpty();
    assertThat(NonZeroPages.runs(new byte[2048], 2048)).isEmpty();
  }
}
