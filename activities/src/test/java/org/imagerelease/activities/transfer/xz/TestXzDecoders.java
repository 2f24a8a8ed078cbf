package org.imagerelease.activities.transfer.xz;

import org.imagerelease.activities.transfer.nativelib.SkipWithoutLibrary;

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
    return SkipWithoutLibrary.nativeOnly(XzDecoders.CHOICE);
  }
}
