package org.imagerelease.activities.azure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runs of consecutive 512-byte pages of a buffer that are not all zero. Azure reads a page
 * never written as zero, so only these runs are sent, at page granularity: the zero stretches
 * inside a block cost neither bytes nor billed pages.
 */
final class NonZeroPages {
  static final int PAGE = 512;

  private NonZeroPages() {}

  /** Runs {@code [from, to)} of buffer offsets, page-aligned, within {@code [0, length)}. */
  static List<int[]> runs(byte[] buffer, int length) {
    List<int[]> runs = new ArrayList<>();
    int runStart = -1;
    for (int page = 0; page < length; page += PAGE) {
      boolean zero = isZero(buffer, page, Math.min(PAGE, length - page));
      if (!zero && runStart < 0) {
        runStart = page;
      } else if (zero && runStart >= 0) {
        runs.add(new int[] {runStart, page});
        runStart = -1;
      }
    }
    if (runStart >= 0) {
      runs.add(new int[] {runStart, length});
    }
    return runs;
  }

  private static final byte[] ZERO_PAGE = new byte[PAGE];

  private static boolean isZero(byte[] buffer, int from, int length) {
    return Arrays.mismatch(buffer, from, from + length, ZERO_PAGE, 0, length) < 0;
  }
}
