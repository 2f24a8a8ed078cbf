package org.imagerelease.activities.transfer.xz;

import org.imagerelease.activities.transfer.nativelib.NativeOrJava;

/** The .xz decoders of this JVM. */
public final class XzDecoders {

  /**
   * The system's liblzma where it loads, xz-java otherwise; {@code -Dimagerelease.xz=native}
   * insists on liblzma and fails the transfer's construction when it cannot be loaded.
   */
  public static final NativeOrJava<XzDecoder> CHOICE =
      new NativeOrJava<>(
          "imagerelease.xz",
          "Decoding xz",
          "liblzma",
          () -> new NativeXzDecoder(NativeLzma.load()),
          JavaXzDecoder::new,
          XzDecoder::name);

  private XzDecoders() {}
}
