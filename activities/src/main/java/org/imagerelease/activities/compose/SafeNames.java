package org.imagerelease.activities.compose;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The characters a name from outside (a compose's metadata, a message) may have before it reaches
 * a path, a file, a message topic or a terminal. Every rule is an allow-list of printable ASCII,
 * because each of those places has its own dangerous characters and a deny-list would miss one:
 * NEL (U+0085) and U+2028 end a line for readers that split as Python's {@code splitlines()} does
 * (a forged {@code CHECKSUM} line); U+202E turns a published name around on screen; NUL, ESC and
 * newlines reach a bus routing key or clear a terminal; a dot shifts a topic's segments; a lone
 * surrogate cannot be a file name at all.
 *
 * <p>productmd itself is narrower than the files it reads in practice (its release short is
 * {@code [a-z][a-z0-9-]*}, Fedora's is {@code Fedora}), so the rules below are what real Pungi
 * composes use (Fedora 20 to Rawhide, productmd's own fixtures), with a little room:
 *
 * <ul>
 *   <li>{@link #COMPOSE_ID}: {@code [A-Za-z0-9][A-Za-z0-9._-]*}, e.g. {@code
 *       Fedora-Rawhide-20241027.n.0}; a directory name, a workflow id and a tag value.
 *   <li>{@link #VARIANT}: {@code [A-Za-z0-9][A-Za-z0-9_-]*}, e.g. {@code Cloud}, {@code
 *       Server-optional}.
 *   <li>{@link #ARCH}: {@code [A-Za-z0-9_]+}, e.g. {@code x86_64}, {@code s390x}: a topic segment.
 *   <li>{@link #SUBVARIANT}: empty, or {@code [A-Za-z0-9][A-Za-z0-9_-]*}, e.g. {@code Cloud_Base},
 *       {@code Container_Minimal_Base}: a topic segment, so no dot, {@code *} or {@code #}.
 *   <li>{@link #IMAGE_TYPE} and {@link #FORMAT}: {@code [A-Za-z0-9][A-Za-z0-9._+-]*}, e.g. {@code
 *       raw-xz}, {@code vhdfixed.xz}.
 *   <li>{@link #PATH}: {@code [A-Za-z0-9._+~/-]+}, the {@code /}-separated relative path whose
 *       shape {@link ComposePath} checks, e.g. {@code
 *       Cloud/x86_64/images/Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2}: the POSIX portable
 *       file name characters with {@code +} and {@code ~} of package versions. No space,
 *       parenthesis or {@code =}, which a {@code CHECKSUM} line uses as syntax.
 * </ul>
 *
 * A name is at most 255 characters, the longest file name most file systems take; a path at most
 * 1024.
 */
public enum SafeNames {
  COMPOSE_ID("compose id", "[A-Za-z0-9][A-Za-z0-9._-]*", 255, "letters, digits, '.', '_' and '-', starting with a letter or digit"),
  VARIANT("variant", "[A-Za-z0-9][A-Za-z0-9_-]*", 255, "letters, digits, '_' and '-', starting with a letter or digit"),
  ARCH("arch", "[A-Za-z0-9_]+", 255, "letters, digits and '_'"),
  SUBVARIANT("subvariant", "([A-Za-z0-9][A-Za-z0-9_-]*)?", 255, "letters, digits, '_' and '-', starting with a letter or digit"),
  IMAGE_TYPE("type", "[A-Za-z0-9][A-Za-z0-9._+-]*", 255, "letters, digits, '.', '_', '+' and '-', starting with a letter or digit"),
  FORMAT("format", "[A-Za-z0-9][A-Za-z0-9._+-]*", 255, "letters, digits, '.', '_', '+' and '-', starting with a letter or digit"),
  PATH("path", "[A-Za-z0-9._+~/-]+", 1024, "letters, digits, '.', '_', '+', '~' and '-', and '/' between segments");

  private final String what;
  private final Pattern allowed;
  private final int maxLength;
  private final String allowedInWords;

  SafeNames(String what, String allowed, int maxLength, String allowedInWords) {
    this.what = what;
    this.allowed = Pattern.compile(allowed);
    this.maxLength = maxLength;
    this.allowedInWords = allowedInWords;
  }

  /**
   * Why the value is not a safe name of this kind, or empty when it is. The reason shows the first
   * character outside the allow-list escaped ({@code \\u202e}), so the message is safe to print.
   */
  public Optional<String> whyUnsafe(String value) {
    if (value.length() > maxLength) {
      return Optional.of("is " + value.length() + " characters long, more than the " + maxLength + " a " + what + " may have");
    }
    if (allowed.matcher(value).matches()) {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      return Optional.of("must not be empty");
    }
    int at = firstOffendingIndex(value);
    if (at < 0) {
      return Optional.of("is not a " + what + ": allowed are " + allowedInWords);
    }
    return Optional.of(
        "has "
            + escapedCodePointAt(value, at)
            + " at position "
            + (at + 1)
            + ", not allowed in a "
            + what
            + ": allowed are "
            + allowedInWords);
  }

  /** Whether the value is a safe name of this kind. */
  public boolean allows(String value) {
    return whyUnsafe(value).isEmpty();
  }

  /** The kind of name, as messages call it: {@code compose id}, {@code subvariant}. */
  public String what() {
    return what;
  }

  /**
   * The value with every character a terminal, a log line or a line-splitting reader could act on
   * written as {@code \\uXXXX}: controls (C0, DEL, C1 such as NEL), spaces other than the ASCII
   * one (they pass for it), line and paragraph separators,
   * format characters (the bidirectional overrides such as U+202E, zero-width characters), lone
   * surrogates, private-use and unassigned code points. Everything else, other scripts included,
   * is kept, so a person's name still reads as written.
   */
  public static String escaped(String value) {
    var out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (isInert(c)) {
        out.appendCodePoint(c);
      } else {
        out.append(escapedCodePointAt(value, i));
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }

  /** The value escaped as {@link #escaped} does, in single quotes: for messages. */
  public static String quoted(String value) {
    return "'" + escaped(value) + "'";
  }

  private static boolean isInert(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.SPACE_SEPARATOR,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED -> false;
      default -> true;
    };
  }

  /** The index of the first character the name's pattern cannot start there, -1 if none. */
  private int firstOffendingIndex(String value) {
    for (int end = value.length(); end > 0; end--) {
      var prefix = allowed.matcher(value.substring(0, end));
      if (prefix.matches() || prefix.hitEnd()) {
        return end < value.length() ? end : -1;
      }
    }
    return 0;
  }

  private static String escapedCodePointAt(String value, int index) {
    int c = value.codePointAt(index);
    if (Character.isSupplementaryCodePoint(c)) {
      return String.format("\\u%04x\\u%04x", (int) value.charAt(index), (int) value.charAt(index + 1));
    }
    if (c >= 0x20 && c < 0x7f) {
      return "'" + (char) c + "'";
    }
    return String.format("\\u%04x", c);
  }
}
