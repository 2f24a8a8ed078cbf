package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WrittenPagesTest {

  @Test
  void missingIsWhatNoListedRangeCovers() {
    WrittenPages written = new WrittenPages();
    written.add(1024, 2048);
    written.add(4096, 8192);

    assertThat(written.missing(0, 10240)).containsExactly(new long[] {0, 1024}, new long[] {2048, 4096}, new long[] {8192, 10240});
    assertThat(written.missing(1536, 5120)).containsExactly(new long[] {2048, 4096});
    assertThat(written.missing(4096, 8192)).isEmpty();
  }

  @Test
  void adjacentAndOverlappingRangesMerge() {
    WrittenPages written = new WrittenPages();
    written.add(0, 512);
    written.add(512, 1024);
    written.add(2048, 3072);
    written.add(768, 2560);

    assertThat(written.bytes()).isEqualTo(3072);
    assertThat(written.missing(0, 4096)).containsExactly(new long[] {3072, 4096});
  }

  @Test
  void nothingWrittenMissesAll() {
    assertThat(WrittenPages.none().missing(512, 1024)).containsExactly(new long[] {512, 1024});
  }
}
