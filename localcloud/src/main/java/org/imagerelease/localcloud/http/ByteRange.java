package org.imagerelease.localcloud.http;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a file of a given size, per RFC 9110 section 14: one
 * range of bytes, the whole file (no header, or one this server ignores: another unit, several
 * ranges, a malformed value), or nothing it can satisfy.
 */
sealed interface ByteRange {
  /** Serve the whole file with 200. */
  record Whole() implements ByteRange {}

  /** Serve bytes {@code first..last} (inclusive) with 206. */
  record Part(long first, long last) implements ByteRange {
    long length() {
      return last - first + 1;
    }
  }

  /** Answer 416. */
  record Unsatisfiable() implements ByteRange {}

  static ByteRange of(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    String value = header.trim();
    if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=") || value.indexOf(',') >= 0) {
      return new Whole();
    }
    String spec = value.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Whole();
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (!digits(from) && !digits(to) || !from.isEmpty() && !digits(from)
        || !to.isEmpty() && !digits(to)) {
      return new Whole();
    }
    if (from.isEmpty()) {
      long suffix = number(to);
      if (suffix == 0 || size == 0) {
        return new Unsatisfiable();
      }
      return new Part(Math.max(0, size - suffix), size - 1);
    }
    long first = number(from);
    if (!to.isEmpty() && number(to) < first) {
      return new Whole(); // an invalid range-spec: the header is ignored
    }
    long last = to.isEmpty() ? size - 1 : number(to);
    if (first >= size) {
      return new Unsatisfiable();
    }
    return new Part(first, Math.min(last, size - 1));
  }

  private static boolean digits(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** The value, or {@link Long#MAX_VALUE} for numbers too long for a long (still a valid range). */
  private static long number(String text) {
    return text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
  }
}
