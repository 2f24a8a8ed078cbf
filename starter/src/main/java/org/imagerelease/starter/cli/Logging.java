package org.imagerelease.starter.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Iterator;
import java.util.Map;
import java.util.WeakHashMap;
import org.slf4j.LoggerFactory;

/**
 * Log levels and format of the command line: quiet for one-shot commands, progress for
 * long-running ones; text or one JSON object per line.
 */
public final class Logging {
  /** The text encoder each appender had before it was switched to JSON, to switch it back. */
  private static final Map<OutputStreamAppender<ILoggingEvent>, Encoder<ILoggingEvent>> textEncoders = new WeakHashMap<>();

  private Logging() {}

  /** Shows this project's INFO logs: what a worker does, release by release. */
  public static void showProgress() {
    setLevel("org.imagerelease", Level.INFO);
  }

  /** Shows only warnings and errors, e.g. while a live view draws on the terminal. */
  public static void quiet() {
    setLevel("org.imagerelease", Level.WARN);
  }

  /**
   * Writes every log line of the root logger's appenders in {@code format}. The appenders, levels
   * and targets stay as logback.xml made them; only their encoder changes, so a deployment's own
   * logback configuration keeps working and gets JSON too.
   */
  public static synchronized void use(LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
        switch (format) {
          case JSON -> {
            if (!(appender.getEncoder() instanceof JsonEncoder)) {
              textEncoders.put(appender, appender.getEncoder());
              appender.setEncoder(jsonEncoder(context));
            }
          }
          case TEXT -> {
            Encoder<ILoggingEvent> text = textEncoders.remove(appender);
            if (text != null) {
              appender.setEncoder(text);
            }
          }
        }
      }
    }
  }

  /**
   * Logback's own JSON encoder: it escapes every value and writes the MDC as the object "mdc". The
   * formatted message replaces the template and its arguments (the same text twice otherwise), and
   * the sequence number, nanoseconds and logger context say nothing a reader of one process needs.
   */
  private static JsonEncoder jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }

  private static void setLevel(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logger && System.getProperty("imagerelease.log.level") == null) {
      logger.setLevel(level);
    }
  }
}
