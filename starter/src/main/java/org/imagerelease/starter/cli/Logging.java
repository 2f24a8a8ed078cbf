package org.imagerelease.starter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels of the command line: quiet for one-shot commands, progress for long-running ones. */
public final class Logging {
  private Logging() {}

  /** Shows this project's INFO logs: what a worker does, release by release. */
  public static void showProgress() {
    setLevel("org.imagerelease", Level.INFO);
  }

  /** Shows only warnings and errors, e.g. while a live view draws on the terminal. */
  public static void quiet() {
    setLevel("org.imagerelease", Level.WARN);
  }

  private static void setLevel(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logger && System.getProperty("imagerelease.log.level") == null) {
      logger.setLevel(level);
    }
  }
}
