package org.imagerelease.devtools.bench;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A size given on the command line: {@code 512MiB}, {@code 1GiB}, {@code 4G}, {@code 1.5GiB}.
 * Units are binary whatever their spelling ({@code 1GB} is 1 GiB), as disk images are measured.
 */
public final class ByteSize implements ITypeConverter<Long> {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)");

  @Override
  public Long convert(String value) {
    return parse(value);
  }

  /** The number of bytes {@code value} names. */
  public static long parse(String value) {
    Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a size; write e.g. 512MiB, 1GiB or 4GiB");
    }
    int shift = switch (matcher.group(2).isEmpty() ? 'b' : matcher.group(2).charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    double bytes = Double.parseDouble(matcher.group(1)) * (1L << shift);
    if (bytes > Long.MAX_VALUE / 2) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
    return Math.round(bytes);
  }

  /**
   * {@code 4GiB}, {@code 512MiB}, {@code 1.5GiB}: an image size as this command's options take it,
   * exact for whole units. For any other size {@link org.imagerelease.starter.cli.Sizes} reads better.
   */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    long whole = bytes;
    while (whole >= 1024 && whole % 1024 == 0 && unit < units.length - 1) {
      whole /= 1024;
      unit++;
    }
    if (whole >= 1024 && unit < units.length - 1) {
      return String.format(Locale.ROOT, "%.1f%s", whole / 1024.0, units[unit + 1]);
    }
    return whole + units[unit];
  }
}
