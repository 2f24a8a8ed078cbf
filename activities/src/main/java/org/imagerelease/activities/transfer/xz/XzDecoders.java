package org.imagerelease.activities.transfer.xz;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the .xz decoder once per JVM: the system's liblzma where it loads, xz-java otherwise.
 * The system property {@value #PROPERTY} overrides the choice: {@code auto} (the default) picks
 * as said, {@code java} always uses xz-java, {@code native} insists on liblzma and fails the
 * transfer's construction when it cannot be loaded.
 */
public final class XzDecoders {

  static final String PROPERTY = "imagerelease.xz";

  private static final Logger log = LoggerFactory.getLogger(XzDecoders.class);
  private static XzDecoder configured;

  private XzDecoders() {}

  /** The decoder {@value #PROPERTY} asks for; the first call says which in one INFO line. */
  public static synchronized XzDecoder configured() {
    if (configured == null) {
      configured = forSetting(System.getProperty(PROPERTY, "auto"));
    }
    return configured;
  }

  static XzDecoder forSetting(String setting) {
    return switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> nativeOrJava();
      case "java" -> announced(new JavaXzDecoder(), "as -D" + PROPERTY + "=java asks");
      case "native" -> announced(nativeDecoder(), "as -D" + PROPERTY + "=native asks");
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be auto, java or native, not '" + setting + "'");
    };
  }

  /**
   * liblzma's decoder.
   *
   * @throws IllegalStateException when liblzma cannot be loaded, saying why
   */
  static XzDecoder nativeDecoder() {
    try {
      return new NativeXzDecoder(NativeLzma.load());
    } catch (LinkageError e) {
      throw new IllegalStateException("Cannot load liblzma: " + reason(e), e);
    }
  }

  private static XzDecoder nativeOrJava() {
    try {
      return announced(new NativeXzDecoder(NativeLzma.load()), "the system's");
    } catch (LinkageError e) {
      return announced(new JavaXzDecoder(), "liblzma not loaded: " + reason(e));
    }
  }

  private static XzDecoder announced(XzDecoder decoder, String why) {
    log.info("Decoding xz with {} ({}; -D{}=auto|java|native chooses)", decoder.name(), why,
        PROPERTY);
    return decoder;
  }

  /** The first line of what went wrong, with the library names JNA tried. */
  private static String reason(Throwable failure) {
    StringBuilder reason = new StringBuilder(String.valueOf(failure.getMessage()));
    for (Throwable attempt : failure.getSuppressed()) {
      reason.append("; ").append(attempt.getMessage().lines().findFirst().orElse(""));
    }
    return reason.toString();
  }
}
