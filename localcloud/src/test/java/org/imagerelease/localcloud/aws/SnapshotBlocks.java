package org.imagerelease.localcloud.aws;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Blocks for EBS uploads in tests, and the checksums a client computes for them: each block's
 * Base64 SHA-256 and the LINEAR aggregate the way coldsnap does it (SHA-256 over the raw 32-byte
 * digests in block index order). Computed here on its own, not with the endpoint's code.
 */
final class SnapshotBlocks {
  static final int SIZE = 524288;

  private final SortedMap<Integer, byte[]> blocks = new TreeMap<>();

  /** Adds a block of pseudo-random bytes at {@code index}; returns it. */
  byte[] add(int index) {
    byte[] block = new byte[SIZE];
    new Random(index * 31L + 7).nextBytes(block);
    blocks.put(index, block);
    return block;
  }

  SortedMap<Integer, byte[]> blocks() {
    return blocks;
  }

  static String checksum(byte[] block) {
    return Base64.getEncoder().encodeToString(sha256(block));
  }

  String linearAggregate() {
    ByteArrayOutputStream digests = new ByteArrayOutputStream();
    blocks.values().forEach(block -> digests.writeBytes(sha256(block)));
    return Base64.getEncoder().encodeToString(sha256(digests.toByteArray()));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
