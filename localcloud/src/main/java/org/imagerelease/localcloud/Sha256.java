package org.imagerelease.localcloud;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as compose metadata writes it: lower-case hex. The local stand-ins keep their own,
 * so they depend on none of the production modules they stand in for.
 */
public final class Sha256 {
  private Sha256() {}

  /** A new digest; every Java runtime has SHA-256. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Completes the digest and returns it as lower-case hex. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The lower-case hex SHA-256 of the bytes. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }
}
