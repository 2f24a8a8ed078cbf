package org.imagerelease.localcloud.aws;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.NavigableMap;
import org.imagerelease.localcloud.Sha256;

/**
 * The EBS direct APIs' {@code LINEAR} aggregate checksum: SHA-256 over the raw 32-byte SHA-256
 * of every written block, in ascending block index, Base64-encoded. The API reference's wording
 * ("concatenate them to form a single string") is ambiguous; this is how AWS's own coldsnap
 * computes it, and what the service accepts.
 */
final class LinearChecksum {
  private LinearChecksum() {}

  static String of(NavigableMap<Integer, byte[]> digestsByIndex) {
    MessageDigest aggregate = Sha256.newDigest();
    digestsByIndex.values().forEach(aggregate::update);
    return Base64.getEncoder().encodeToString(aggregate.digest());
  }
}
