package org.imagerelease.activities.transfer.nativelib;

import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses once per JVM between an implementation on a system library, reached through JNA, and
 * one in Java. A system property overrides the choice: {@code auto} (the default) takes the
 * library's where it loads and Java's otherwise, {@code java} always takes Java's, {@code native}
 * insists on the library's and fails when it cannot be loaded. The choice is said in one INFO
 * line, e.g. {@code Decoding xz with liblzma 5.4.1 (the system's;
 * -Dimagerelease.xz=auto|java|native chooses)}.
 *
 * @param <T> what is chosen, e.g. an xz decoder
 */
public final class NativeOrJava<T> {

  private static final Logger log = LoggerFactory.getLogger(NativeOrJava.class);

  private final String property;
  private final String activity;
  private final String library;
  private final Supplier<T> loadNative;
  private final Supplier<T> java;
  private final Function<T, String> name;
  private T configured;

  /**
   * @param property the system property that chooses, e.g. {@code imagerelease.xz}
   * @param activity what the implementation does, for the INFO line, e.g. {@code Decoding xz}
   * @param library the system library, for messages, e.g. {@code liblzma}
   * @param loadNative the library's implementation; throws a {@link LinkageError} (with each
   *     library name tried as a suppressed one) when the library cannot be loaded or used
   * @param java the implementation in Java
   * @param name the name of an implementation, e.g. {@code liblzma 5.4.1}
   */
  public NativeOrJava(
      String property,
      String activity,
      String library,
      Supplier<T> loadNative,
      Supplier<T> java,
      Function<T, String> name) {
    this.property = property;
    this.activity = activity;
    this.library = library;
    this.loadNative = loadNative;
    this.java = java;
    this.name = name;
  }

  /**
   * What the system property asks for, chosen at the first call.
   *
   * @throws IllegalStateException when the property says {@code native} but the library cannot
   *     be used
   * @throws IllegalArgumentException when the property is none of auto, java and native
   */
  public synchronized T configured() {
    if (configured == null) {
      configured = forSetting(System.getProperty(property, "auto"));
    }
    return configured;
  }

  /** What {@code setting} (auto, java or native) asks for, as {@link #configured()} chooses. */
  public T forSetting(String setting) {
    return switch (setting.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> nativeOrJava();
      case "java" -> announced(java.get(), "as -D" + property + "=java asks");
      case "native" -> announced(nativeOnly(), "as -D" + property + "=native asks");
      default -> throw new IllegalArgumentException(
          "-D" + property + " must be auto, java or native, not '" + setting + "'");
    };
  }

  /**
   * The library's implementation, whatever the property says.
   *
   * @throws IllegalStateException when the library cannot be used, saying why
   */
  public T nativeOnly() {
    try {
      return loadNative.get();
    } catch (LinkageError e) {
      throw new IllegalStateException("Cannot use " + library + ": " + reason(e), e);
    }
  }

  private T nativeOrJava() {
    T loaded;
    try {
      loaded = loadNative.get();
    } catch (LinkageError e) {
      return announced(java.get(), library + " not usable: " + reason(e));
    }
    return announced(loaded, "the system's");
  }

  private T announced(T chosen, String why) {
    log.info("{} with {} ({}; -D{}=auto|java|native chooses)", activity, name.apply(chosen), why,
        property);
    return chosen;
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
