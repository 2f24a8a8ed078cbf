package org.imagerelease.activities.transfer.hash;

import org.imagerelease.activities.transfer.nativelib.NativeOrJava;

/** The SHA-256 compression functions of this JVM. */
final class Sha256Compressions {

  /**
   * OpenSSL's libcrypto where it loads and computes SHA-256 correctly, Java otherwise; {@code
   * -Dimagerelease.sha256=native} insists on libcrypto and fails when it cannot be loaded.
   */
  static final NativeOrJava<Sha256Compression> CHOICE =
      new NativeOrJava<>(
          "imagerelease.sha256",
          "Hashing SHA-256",
          "libcrypto",
          OpensslSha256Compression::load,
          JavaSha256Compression::new,
          Sha256Compression::name);

  private Sha256Compressions() {}
}
