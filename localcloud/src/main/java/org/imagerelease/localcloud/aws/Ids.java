package org.imagerelease.localcloud.aws;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Resource ids in AWS's long format: a prefix and 17 lower-case hex digits. */
final class Ids {
  private static final SecureRandom random = new SecureRandom();

  private Ids() {}

  /** e.g. {@code snap-0a1b2c3d4e5f60718} for prefix {@code snap}. */
  static String next(String prefix) {
    byte[] bytes = new byte[9];
    random.nextBytes(bytes);
    return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
  }

  static String requestId() {
    return UUID.randomUUID().toString();
  }

  /** What an id of this kind looks like, in the long or the old short format. */
  static boolean wellFormed(String id, String prefix) {
    return id != null && id.matches(prefix + "-([0-9a-f]{8}|[0-9a-f]{17})");
  }
}
