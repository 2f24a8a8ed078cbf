package org.imagerelease.starter.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations for terminal output. */
public final class Sizes {
  private Sizes() {}

  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  public static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m " + seconds % 60 + "s";
    }
    if (seconds < 86400) {
      return seconds / 3600 + "h " + (seconds % 3600) / 60 + "m";
    }
    return seconds / 86400 + "d " + (seconds % 86400) / 3600 + "h";
  }
}
