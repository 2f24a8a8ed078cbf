package org.imagerelease.activities.transfer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose running state can be saved as a short string and restored later.
 *
 * <p>A retried transfer continues hashing the source where the last checkpoint stopped instead of
 * downloading the already hashed prefix again. {@link java.security.MessageDigest} cannot export
 * its state, hence this class. It is not thread-safe.
 */
final class ResumableSha256 {

  private static final String STATE_PREFIX = "sha256";
  private static final int CHUNK = 64;
  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final int[] INITIAL_HASH = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  };
  private static final int[] K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  };

  private final int[] hash = INITIAL_HASH.clone();
  private final int[] schedule = new int[64];
  private final byte[] pending = new byte[CHUNK];
  private int pendingLength;
  private long byteCount;

  /** Number of bytes hashed so far. */
  long byteCount() {
    return byteCount;
  }

  void update(byte[] bytes, int offset, int length) {
    byteCount += length;
    int position = offset;
    int end = offset + length;
    if (pendingLength > 0) {
      int take = Math.min(CHUNK - pendingLength, length);
      System.arraycopy(bytes, position, pending, pendingLength, take);
      pendingLength += take;
      position += take;
      if (pendingLength < CHUNK) {
        return;
      }
      compress(pending, 0);
      pendingLength = 0;
    }
    while (end - position >= CHUNK) {
      compress(bytes, position);
      position += CHUNK;
    }
    pendingLength = end - position;
    System.arraycopy(bytes, position, pending, 0, pendingLength);
  }

  void update(byte[] bytes) {
    update(bytes, 0, bytes.length);
  }

  /** The digest of everything hashed so far; this object stays usable and unchanged. */
  byte[] digest() {
    ResumableSha256 finishing = copy();
    byte[] padding = new byte[pendingLength < 56 ? 64 - pendingLength : 128 - pendingLength];
    padding[0] = (byte) 0x80;
    long bitCount = byteCount * 8;
    for (int i = 0; i < 8; i++) {
      padding[padding.length - 1 - i] = (byte) (bitCount >>> (8 * i));
    }
    finishing.update(padding);
    byte[] digest = new byte[32];
    for (int i = 0; i < 8; i++) {
      BIG_ENDIAN_INT.set(digest, 4 * i, finishing.hash[i]);
    }
    return digest;
  }

  String hexDigest() {
    return HexFormat.of().formatHex(digest());
  }

  /**
   * The running state as {@code sha256:<byteCount>:<8 words in hex>:<unhashed tail in hex>}, at
   * most 208 characters.
   */
  String saveState() {
    StringBuilder words = new StringBuilder(64);
    for (int word : hash) {
      words.append(HexFormat.of().toHexDigits(word));
    }
    return STATE_PREFIX
        + ':'
        + byteCount
        + ':'
        + words
        + ':'
        + HexFormat.of().formatHex(pending, 0, pendingLength);
  }

  /** Continues from a state written by {@link #saveState()}. */
  static ResumableSha256 restore(String state) {
    String[] parts = state.split(":", -1);
    if (parts.length != 4 || !parts[0].equals(STATE_PREFIX) || parts[2].length() != 64) {
      throw new IllegalArgumentException("Not a SHA-256 state: " + state);
    }
    ResumableSha256 restored = new ResumableSha256();
    restored.byteCount = Long.parseLong(parts[1]);
    for (int i = 0; i < 8; i++) {
      restored.hash[i] = HexFormat.fromHexDigits(parts[2], 8 * i, 8 * i + 8);
    }
    byte[] tail = HexFormat.of().parseHex(parts[3]);
    if (tail.length >= CHUNK || restored.byteCount % CHUNK != tail.length) {
      throw new IllegalArgumentException("Inconsistent SHA-256 state: " + state);
    }
    System.arraycopy(tail, 0, restored.pending, 0, tail.length);
    restored.pendingLength = tail.length;
    return restored;
  }

  ResumableSha256 copy() {
    ResumableSha256 copy = new ResumableSha256();
    System.arraycopy(hash, 0, copy.hash, 0, 8);
    System.arraycopy(pending, 0, copy.pending, 0, pendingLength);
    copy.pendingLength = pendingLength;
    copy.byteCount = byteCount;
    return copy;
  }

  private void compress(byte[] chunk, int offset) {
    int[] w = schedule;
    for (int t = 0; t < 16; t++) {
      w[t] = (int) BIG_ENDIAN_INT.get(chunk, offset + 4 * t);
    }
    for (int t = 16; t < 64; t++) {
      int w15 = w[t - 15];
      int w2 = w[t - 2];
      int s0 = Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3);
      int s1 = Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    int a = hash[0];
    int b = hash[1];
    int c = hash[2];
    int d = hash[3];
    int e = hash[4];
    int f = hash[5];
    int g = hash[6];
    int h = hash[7];
    // Eight rounds per iteration with the working variables renamed instead of shifted.
    for (int t = 0; t < 64; t += 8) {
      h += sigma1(e) + choose(e, f, g) + K[t] + w[t];
      d += h;
      h += sigma0(a) + majority(a, b, c);
      g += sigma1(d) + choose(d, e, f) + K[t + 1] + w[t + 1];
      c += g;
      g += sigma0(h) + majority(h, a, b);
      f += sigma1(c) + choose(c, d, e) + K[t + 2] + w[t + 2];
      b += f;
      f += sigma0(g) + majority(g, h, a);
      e += sigma1(b) + choose(b, c, d) + K[t + 3] + w[t + 3];
      a += e;
      e += sigma0(f) + majority(f, g, h);
      d += sigma1(a) + choose(a, b, c) + K[t + 4] + w[t + 4];
      h += d;
      d += sigma0(e) + majority(e, f, g);
      c += sigma1(h) + choose(h, a, b) + K[t + 5] + w[t + 5];
      g += c;
      c += sigma0(d) + majority(d, e, f);
      b += sigma1(g) + choose(g, h, a) + K[t + 6] + w[t + 6];
      f += b;
      b += sigma0(c) + majority(c, d, e);
      a += sigma1(f) + choose(f, g, h) + K[t + 7] + w[t + 7];
      e += a;
      a += sigma0(b) + majority(b, c, d);
    }
    hash[0] += a;
    hash[1] += b;
    hash[2] += c;
    hash[3] += d;
    hash[4] += e;
    hash[5] += f;
    hash[6] += g;
    hash[7] += h;
  }

  private static int sigma0(int x) {
    return Integer.rotateRight(x, 2) ^ Integer.rotateRight(x, 13) ^ Integer.rotateRight(x, 22);
  }

  private static int sigma1(int x) {
    return Integer.rotateRight(x, 6) ^ Integer.rotateRight(x, 11) ^ Integer.rotateRight(x, 25);
  }

  private static int choose(int x, int y, int z) {
    return (x & y) ^ (~x & z);
  }

  private static int majority(int x, int y, int z) {
    return (x & y) ^ (x & z) ^ (y & z);
  }
}
