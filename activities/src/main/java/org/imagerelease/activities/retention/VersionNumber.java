package org.imagerelease.activities.retention;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gallery image version name as Azure orders it: {@code Major.Minor.Patch}, three non-negative
 * integers compared numerically, so {@code 41.20241027.10} is newer than {@code 41.20241027.9}.
 */
public record VersionNumber(long major, long minor, long patch) implements Comparable<VersionNumber> {
  /** ASCII digits only: Java's {@code \d} does not match other scripts' digits unless asked to. */
  private static final Pattern MAJOR_MINOR_PATCH = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

  private static final Comparator<VersionNumber> AZURE_ORDER =
      Comparator.comparingLong(VersionNumber::major)
          .thenComparingLong(VersionNumber::minor)
          .thenComparingLong(VersionNumber::patch);

  public VersionNumber {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version parts must be non-negative, was " + major + "." + minor + "." + patch);
    }
  }

  /**
   * The version a name stands for, or empty when it is not exactly three dot-separated
   * non-negative integers (or a part is too large to compare).
   */
  public static Optional<VersionNumber> parse(String name) {
    Matcher parts = MAJOR_MINOR_PATCH.matcher(name);
    if (!parts.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new VersionNumber(
          Long.parseLong(parts.group(1)), Long.parseLong(parts.group(2)), Long.parseLong(parts.group(3))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(VersionNumber other) {
    return AZURE_ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
