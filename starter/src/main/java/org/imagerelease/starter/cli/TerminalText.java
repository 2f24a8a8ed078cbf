package org.imagerelease.starter.cli;

import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.imagerelease.activities.compose.SafeNames;

/**
 * Text that came from outside (a compose's metadata, Temporal, a message, an error) made safe to
 * print on a terminal: every control, line separator, bidirectional override and the like written
 * as {@code \\uXXXX} ({@link SafeNames#escaped}), so a compose id cannot clear the screen, forge a
 * line or turn a name around. Every printer of the command line passes outside values through
 * here; the commands' own words and line breaks are printed as they are.
 */
public final class TerminalText {
  private static final Pattern LINE_BREAK = Pattern.compile("\n", Pattern.LITERAL);

  private TerminalText() {}

  /** One value, on one line: a line break in it is escaped too. */
  public static String of(Object value) {
    return SafeNames.escaped(String.valueOf(value));
  }

  /** A message of several lines, such as an error's: each line escaped, the line breaks kept. */
  public static String lines(String text) {
    return LINE_BREAK.splitAsStream(text).map(TerminalText::of).collect(Collectors.joining("\n"));
  }
}
