package org.imagerelease.activities.compose;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules an image path from {@code images.json} must follow before anything is read from or
 * written to a place derived from it. The metadata comes from another system; a path that could
 * leave the compose (or a mirror root built from it) is refused outright instead of cleaned up,
 * because cleaning would hide a broken or hostile compose.
 */
public final class ComposePath {
  private static final int MAX_SEGMENT_LENGTH = 255;
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private ComposePath() {}

  /**
   * Why the relative path is unsafe, or empty when it is a plain relative path: non-empty {@code
   * /}-separated segments, none of them {@code .} or {@code ..} or longer than 255 characters, no
   * leading {@code /}, no backslash, no URL scheme, and only the characters {@link SafeNames#PATH}
   * allows (no control character or Unicode line separator could forge a line of a CHECKSUM file,
   * no lone surrogate fails a file system call).
   */
  public static Optional<String> whyUnsafe(String path) {
    if (path.isEmpty()) {
      return Optional.of("is empty");
    }
    if (path.startsWith("/")) {
      return Optional.of("is absolute");
    }
    if (path.indexOf('\\') >= 0) {
      return Optional.of("contains a backslash");
    }
    if (SCHEME.matcher(path).lookingAt()) {
      return Optional.of("looks like a URL or names a drive, not a path inside the compose");
    }
    if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("contains a control character");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty()) {
        return Optional.of("has an empty segment");
      }
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("has a '" + segment + "' segment");
      }
      if (segment.length() > MAX_SEGMENT_LENGTH) {
        return Optional.of("has a segment longer than " + MAX_SEGMENT_LENGTH + " characters");
      }
    }
    return SafeNames.PATH.whyUnsafe(path);
  }

  /** Whether the name is usable as one directory name: a safe path of exactly one segment. */
  public static boolean isSingleSafeSegment(String name) {
    return name != null && whyUnsafe(name).isEmpty() && name.indexOf('/') < 0;
  }
}
