package org.imagerelease.activities.transfer.hash;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the SHA-256 compression function once per JVM: OpenSSL's libcrypto where it loads and
 * computes SHA-256 correctly, Java otherwise. The system property {@value #PROPERTY} overrides
 * the choice: {@code auto} (the default) picks as said, {@code java} always uses Java, {@code
 * native} insists on libcrypto and fails when it cannot be loaded.
 */
final class Sha256Compressions {

  static final String PROPERTY = "imagerelease.sha256";

  private static final Logger log = LoggerFactory.getLogger(Sha256Compressions.class);
  private static Sha256Compression fastest;

  private Sha256Compressions() {}

  /** The function {@value #PROPERTY} asks for; the first call says which in one INFO line. */
  static synchronized Sha256Compression fastest() {
    if (fastest == null) {
      fastest = forSetting(System.getProperty(PROPERTY, "auto"));
    }
    return fastest;
  }

  static Sha256Compression forSetting(String setting) {
    return switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> nativeOrJava();
      case "java" -> announced(new JavaSha256Compression(), "as -D" + PROPERTY + "=java asks");
      case "native" -> announced(openssl(), "as -D" + PROPERTY + "=native asks");
      default -> throw new IllegalArgumentException(
          "-D" + PROPERTY + " must be auto, java or native, not '" + setting + "'");
    };
  }

  /**
   * libcrypto's function.
   *
   * @throws IllegalStateException when libcrypto cannot be used, saying why
   */
  static Sha256Compression openssl() {
    try {
      return OpensslSha256Compression.load();
    } catch (LinkageError e) {
      throw new IllegalStateException("Cannot use libcrypto's SHA-256: " + reason(e), e);
    }
  }

  private static Sha256Compression nativeOrJava() {
    try {
      return announced(OpensslSha256Compression.load(), "the system's");
    } catch (LinkageError e) {
      return announced(new JavaSha256Compression(), "libcrypto not usable: " + reason(e));
    }
  }

  private static Sha256Compression announced(Sha256Compression compression, String why) {
    log.info("Hashing SHA-256 with {} ({}; -D{}=auto|java|native chooses)", compression.name(),
        why, PROPERTY);
    return compression;
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
