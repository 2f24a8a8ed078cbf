package org.imagerelease.activities.transfer.pipeline;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * A set of block numbers kept as merged inclusive ranges, written as {@code "0-99,120,122-130"}:
 * the form of {@link org.imagerelease.activities.transfer.ResumeState#doneBlocks()}, which
 * {@link #parse} reads. A transfer settles blocks roughly in order, so the set stays a handful of
 * ranges whatever the image size. Not thread-safe.
 */
public final class BlockRanges {

  /** Range start to inclusive range end; ranges never touch or overlap. */
  private final TreeMap<Long, Long> ranges = new TreeMap<>();
  private long size;

  public static BlockRanges parse(String text) {
    BlockRanges parsed = new BlockRanges();
    if (text == null || text.isBlank()) {
      return parsed;
    }
    for (String part : text.split(",")) {
      String range = part.strip();
      int dash = range.indexOf('-');
      long first = Long.parseLong(dash < 0 ? range : range.substring(0, dash));
      long last = dash < 0 ? first : Long.parseLong(range.substring(dash + 1));
      if (first < 0 || last < first) {
        throw new IllegalArgumentException("Bad block range '" + range + "' in '" + text + "'");
      }
      parsed.addRange(first, last);
    }
    return parsed;
  }

  /** Adds a block; returns false when it was already present. */
  boolean add(long block) {
    long before = size;
    addRange(block, block);
    return size > before;
  }

  /** Adds every block from {@code first} to {@code last} inclusive. */
  void addRange(long first, long last) {
    long start = first;
    long end = last;
    Map.Entry<Long, Long> before = ranges.floorEntry(first);
    if (before != null && before.getValue() >= first - 1) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
      remove(before);
    }
    Map.Entry<Long, Long> next;
    while ((next = ranges.ceilingEntry(start)) != null && next.getKey() <= end + 1) {
      end = Math.max(end, next.getValue());
      remove(next);
    }
    ranges.put(start, end);
    size += end - start + 1;
  }

  private void remove(Map.Entry<Long, Long> range) {
    ranges.remove(range.getKey());
    size -= range.getValue() - range.getKey() + 1;
  }

  public boolean contains(long block) {
    Map.Entry<Long, Long> before = ranges.floorEntry(block);
    return before != null && before.getValue() >= block;
  }

  /** Whether every block from {@code first} to {@code last} inclusive is present. */
  public boolean containsAll(long first, long last) {
    Map.Entry<Long, Long> before = ranges.floorEntry(first);
    return before != null && before.getValue() >= last;
  }

  public long size() {
    return size;
  }

  /** The lowest block number not in the set. */
  public long firstMissing() {
    Map.Entry<Long, Long> first = ranges.firstEntry();
    return first == null || first.getKey() > 0 ? 0 : first.getValue() + 1;
  }

  int rangeCount() {
    return ranges.size();
  }

  BlockRanges copy() {
    BlockRanges copy = new BlockRanges();
    copy.ranges.putAll(ranges);
    copy.size = size;
    return copy;
  }

  @Override
  public String toString() {
    StringJoiner text = new StringJoiner(",");
    ranges.forEach(
        (first, last) -> text.add(first.equals(last) ? first.toString() : first + "-" + last));
    return text.toString();
  }
}
