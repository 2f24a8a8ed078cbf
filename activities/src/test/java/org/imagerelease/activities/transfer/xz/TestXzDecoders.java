package org.imagerelease.activities.transfer.xz;

import org.junit.jupiter.api.Assumptions;

/** The two xz decoders, for tests that must hold for both. */
public enum TestXzDecoders {
  JAVA,
  NATIVE;

  /**
   * The decoder; a test of the native one is skipped, saying why, only where liblzma truly is not
   * there.
   */
  public XzDecoder decoder() {
    if (this == JAVA) {
      return new JavaXzDecoder();
    }
    try {
      return XzDecoders.CHOICE.nativeOnly();
    } catch (IllegalStateException e) {
      String reason = "Skipping the liblzma test: " + e.getMessage();
      System.out.println(reason);
      Assumptions.abort(reason);
      throw e;
    }
  }
}
