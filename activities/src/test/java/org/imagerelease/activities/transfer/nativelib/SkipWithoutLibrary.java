package org.imagerelease.activities.transfer.nativelib;

import org.junit.jupiter.api.Assumptions;

/** For tests that must also hold for the implementation on a system library. */
public final class SkipWithoutLibrary {

  private SkipWithoutLibrary() {}

  /**
   * The library's implementation; the calling test is skipped, saying why, only where the library
   * truly cannot be used.
   */
  public static <T> T nativeOnly(NativeOrJava<T> choice) {
    try {
      return choice.nativeOnly();
    } catch (IllegalStateException e) {
      String reason = "Skipping the test: " + e.getMessage();
      System.out.println(reason);
      return Assumptions.abort(reason);
    }
  }
}
