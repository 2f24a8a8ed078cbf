package org.imagerelease.activities.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte ranges a page blob already holds, as its Get Page Ranges listing says (Put Page is
 * atomic, so a listed range holds what one write sent), and what of a run of pages is still
 * missing from them. A resumed upload writes only that: it never rewrites what is there.
 */
final class WrittenPages {
  /** Range start to exclusive end, merged and disjoint. */
  private final TreeMap<Long, Long> ranges = new TreeMap<>();

  static WrittenPages none() {
    return new WrittenPages();
  }

  /** Adds the range {@code [start, end)}. */
  void add(long start, long end) {
    Map.Entry<Long, Long> before = ranges.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
    while (next != null && next.getKey() <= end) {
      end = Math.max(end, next.getValue());
      ranges.remove(next.getKey());
      next = ranges.ceilingEntry(start);
    }
    ranges.put(start, end);
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  long bytes() {
    return ranges.entrySet().stream().mapToLong(e -> e.getValue() - e.getKey()).sum();
  }

  /** The parts of {@code [start, end)} not yet written, in order. */
  List<long[]> missing(long start, long end) {
    List<long[]> missing = new ArrayList<>();
    long at = start;
    Map.Entry<Long, Long> floor = ranges.floorEntry(at);
    if (floor != null && floor.getValue() > at) {
      at = floor.getValue();
    }
    for (Map.Entry<Long, Long> range : ranges.subMap(at, true, end, false).entrySet()) {
      if (range.getKey() > at) {
        missing.add(new long[] {at, range.getKey()});
      }
      at = Math.max(at, range.getValue());
    }
    if (at < end) {
      missing.add(new long[] {at, end});
    }
    return missing;
  }
}
