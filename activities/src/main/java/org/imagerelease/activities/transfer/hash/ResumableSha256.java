package org.imagerelease.activities.transfer.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * SHA-256 (FIPS 180-4) whose running state can be saved as a short string and restored later.
 *
 * <p>A retried transfer continues hashing the source where the last checkpoint stopped instead of
 * downloading the already hashed prefix again. {@link java.security.MessageDigest} cannot export
 * its state, hence this class. The state is kept here; the compression function, where the time
 * goes, is the fastest at hand (see {@link Sha256Compressions}). It is not thread-safe.
 */
public final class ResumableSha256 {

  private static final String STATE_PREFIX = "sha256";
  private static final int CHUNK = 64;
  private static final VarHandle BIG_ENDIAN_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final int[] INITIAL_HASH = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  };

  private final Sha256Compression compression;
  private final int[] hash = INITIAL_HASH.clone();
  private final byte[] pending = new byte[CHUNK];
  private int pendingLength;
  private long byteCount;

  /** A hash of nothing yet, with the fastest compression function this JVM has. */
  public ResumableSha256() {
    this(Sha256Compressions.CHOICE.configured());
  }

  ResumableSha256(Sha256Compression compression) {
    this.compression = compression;
  }

  /** Number of bytes hashed so far. */
  public long byteCount() {
    return byteCount;
  }

  public void update(byte[] bytes, int offset, int length) {
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
      compression.compress(hash, pending, 0, 1);
      pendingLength = 0;
    }
    int wholeChunks = (end - position) / CHUNK;
    if (wholeChunks > 0) {
      compression.compress(hash, bytes, position, wholeChunks);
      position += wholeChunks * CHUNK;
    }
    pendingLength = end - position;
    System.arraycopy(bytes, position, pending, 0, pendingLength);
  }

  public void update(byte[] bytes) {
    update(bytes, 0, bytes.length);
  }

  /** The digest of everything hashed so far; this object stays usable and unchanged. */
  public byte[] digest() {
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

  public String hexDigest() {
    return HexFormat.of().formatHex(digest());
  }

  /**
   * The running state as {@code sha256:<byteCount>:<8 words in hex>:<unhashed tail in hex>}, at
   * most 208 characters.
   */
  public String saveState() {
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
  public static ResumableSha256 restore(String state) {
    return restore(state, Sha256Compressions.CHOICE.configured());
  }

  static ResumableSha256 restore(String state, Sha256Compression compression) {
    String[] parts = state.split(":", -1);
    if (parts.length != 4 || !parts[0].equals(STATE_PREFIX) || parts[2].length() != 64) {
      throw new IllegalArgumentException("Not a SHA-256 state: " + state);
    }
    ResumableSha256 restored = new ResumableSha256(compression);
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
    ResumableSha256 copy = new ResumableSha256(compression);
    System.arraycopy(hash, 0, copy.hash, 0, 8);
    System.arraycopy(pending, 0, copy.pending, 0, pendingLength);
    copy.pendingLength = pendingLength;
    copy.byteCount = byteCount;
    return copy;
  }
}
