package org.imagerelease.activities.events;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a compose id says about the release it belongs to, for topics and bodies of outgoing
 * messages. Pungi (productmd's {@code create_compose_id}) builds the id as {@code
 * <release short>-<version>[-<release type>][-<base product>]-<YYYYMMDD><type suffix>.<respin>},
 * where the type suffix is empty for production composes, {@code .n} for nightly, {@code .t} for
 * test, {@code .ci} for ci and {@code .d} for development ones: {@code Fedora-41-20241027.0},
 * {@code Fedora-Rawhide-20241028.n.1}, {@code Fedora-IoT-41-20241027.0}.
 *
 * <p>The rules, so that our topics end the way fedora-image-uploader's newer ones do ({@code
 * .<channel>.<subvariant>.<arch>}):
 *
 * <ul>
 *   <li>version: the first word after the release short that is a number; else {@code Rawhide}
 *       or {@code ELN} when one of the words is; else empty.
 *   <li>release number: the version when it is a number; Rawhide and ELN have none in their
 *       compose id (a target that knows it sets the {@link PublishedImageAttributes#RELEASE}
 *       attribute).
 *   <li>channel: {@code rawhide} for Rawhide and {@code eln} for ELN composes, whatever their
 *       type; otherwise by compose type: production {@code rc}, nightly {@code nightly}, test
 *       {@code test}, ci {@code ci}, development {@code development}; {@code unknown} for an id
 *       that does not end in a date and respin.
 * </ul>
 *
 * @param version e.g. {@code 41}, {@code Rawhide}; empty when the id names none
 * @param composeType productmd's compose type: production, nightly, test, ci, development, or
 *     unknown
 */
public record ComposeVersion(String version, String composeType) {
  private static final Pattern DATE_TYPE_RESPIN = Pattern.compile("-(\\d{8})(?:\\.(n|t|ci|d))?\\.(\\d+)$");

  /** Reads a compose id; never fails, an unusual id gives an empty version and type unknown. */
  public static ComposeVersion of(String composeId) {
    Matcher suffix = DATE_TYPE_RESPIN.matcher(composeId);
    boolean pungiId = suffix.find();
    String head = pungiId ? composeId.substring(0, suffix.start()) : composeId;
    String type = pungiId ? composeType(suffix.group(2)) : "unknown";
    return new ComposeVersion(versionIn(head.split("-")), type);
  }

  /**
   * The date and respin a compose id ends in ({@code -20241027.n.1}: 20241027 and 1), empty when
   * it ends otherwise or its respin has more than 9 digits. The one reading of Pungi's suffix
   * that names, tokens and comparisons of composes use.
   */
  public static Optional<DateAndRespin> dateAndRespin(String composeId) {
    Matcher suffix = DATE_TYPE_RESPIN.matcher(composeId);
    if (!suffix.find() || suffix.group(3).length() > 9) {
      return Optional.empty();
    }
    return Optional.of(new DateAndRespin(suffix.group(1), Integer.parseInt(suffix.group(3))));
  }

  /**
   * A compose's place among the composes of its line: by date, then respin.
   *
   * @param date {@code YYYYMMDD}
   * @param respin Pungi's respin of that day, from 0
   */
  public record DateAndRespin(String date, int respin) implements Comparable<DateAndRespin> {
    @Override
    public int compareTo(DateAndRespin other) {
      int byDate = date.compareTo(other.date);
      return byDate != 0 ? byDate : Integer.compare(respin, other.respin);
    }
  }

  /** The release number, when the compose id has one. */
  public OptionalInt releaseNumber() {
    return version.matches("\\d{1,6}") ? OptionalInt.of(Integer.parseInt(version)) : OptionalInt.empty();
  }

  /** The channel word of a topic: {@code rawhide}, {@code eln}, {@code rc}, {@code nightly} ... */
  public String channel() {
    String lower = version.toLowerCase(Locale.ROOT);
    if (lower.equals("rawhide") || lower.equals("eln")) {
      return lower;
    }
    return switch (composeType) {
      case "production" -> "rc";
      case "unknown" -> "unknown";
      default -> composeType;
    };
  }

  private static String composeType(String suffix) {
    if (suffix == null) {
      return "production";
    }
    return switch (suffix) {
      case "n" -> "nightly";
      case "t" -> "test";
      case "ci" -> "ci";
      default -> "development";
    };
  }

  private static String versionIn(String[] words) {
    for (int i = 1; i < words.length; i++) {
      if (words[i].matches("\\d{1,6}")) {
        return words[i];
      }
    }
    for (int i = 1; i < words.length; i++) {
      String lower = words[i].toLowerCase(Locale.ROOT);
      if (lower.equals("rawhide") || lower.equals("eln")) {
        return words[i];
      }
    }
    return "";
  }
}
