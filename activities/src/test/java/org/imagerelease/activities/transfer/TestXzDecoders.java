package org.imagerelease.activities.transfer;

import org.junit.jupiter.api.Assumptions;

/** The two xz decoders, for tests that must hold for both. */
enum TestXzDecoders {
  JAVA,
  NATIVE;

  /**
   * The decoder; a test of the native one is skipped, saying why, only where liblzma truly is not
   * there.
   */
  XzDecoder decoder() {
    if (this == JAVA) {
      return new JavaXzDecoder();
    }
    try {
      return XzDecoders.nativeDecoder();
    } catch (IllegalStateException e) {
      String reason = "Skipping the liblzma test: " + e.getMessage();
      System.out.println(reason);
      Assumptions.abort(reason);
      throw e;
    }
  }
}
