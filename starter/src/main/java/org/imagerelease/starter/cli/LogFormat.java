package org.imagerelease.starter.cli;

import java.util.Locale;
import java.util.Map;

/**
 * How log lines are written to standard error: {@code text} for people at a terminal, {@code
 * json} (one object per line, the MDC keys as fields) for a log collector.
 */
public enum LogFormat {
  TEXT,
  JSON;

  /** The environment variable read when no {@code --log-format} is given. */
  public static final String ENVIRONMENT_VARIABLE = "IMAGE_RELEASE_LOG_FORMAT";

  /**
   * The format asked for: {@code option} when given, else the environment variable, else text.
   * The option wins so that one command run by hand can override what a deployment sets.
   *
   * @throws IllegalArgumentException when the variable names no format, saying which it takes
   */
  public static LogFormat chosen(LogFormat option, Map<String, String> environment) {
    if (option != null) {
      return option;
    }
    String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
    if (fromEnvironment == null || fromEnvironment.isBlank()) {
      return TEXT;
    }
    try {
      return valueOf(fromEnvironment.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ENVIRONMENT_VARIABLE + "=" + fromEnvironment + " is no log format: use text or json", e);
    }
  }
}
