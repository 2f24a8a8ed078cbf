package org.imagerelease.localcloud.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a listing and the token for the next, as the Describe and List operations return
 * them: the token is opaque to clients and here just encodes where the next page starts.
 */
record Page<T>(List<T> items, String nextToken) {

  /**
   * The page of {@code all} that {@code nextToken} (null: the first) starts, at most
   * {@code maxResults} long (null: everything left).
   *
   * @throws IllegalArgumentException when the token is not one this endpoint gave out
   */
  static <T> Page<T> of(List<T> all, Integer maxResults, String nextToken) {
    int from = nextToken == null || nextToken.isEmpty() ? 0 : decode(nextToken);
    if (from > all.size()) {
      throw new IllegalArgumentException("stale token");
    }
    int to = maxResults == null ? all.size() : (int) Math.min(all.size(), (long) from + maxResults);
    return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? encode(to) : null);
  }

  static String encode(int offset) {
    return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int decode(String token) {
    try {
      String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      if (!decoded.startsWith("offset:")) {
        throw new IllegalArgumentException("not a page token: " + token);
      }
      return Integer.parseInt(decoded.substring("offset:".length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a page token: " + token, e);
    }
  }
}
