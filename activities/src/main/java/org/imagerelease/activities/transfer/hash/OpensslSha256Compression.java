package org.imagerelease.activities.transfer.hash;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.List;
import org.imagerelease.activities.transfer.nativelib.SystemLibraries;

/**
 * The SHA-256 compression function of the system's OpenSSL libcrypto, reached through JNA. It
 * uses the CPU's SHA instructions where there are some: about 1.5 GiB/s against 200 MiB/s in
 * Java, which matters because the reader thread hashes while the decoders need both cores.
 *
 * <p>{@code SHA256_Update} runs on a {@code SHA256_CTX}, whose layout openssl/sha.h publishes:
 * eight hash words, a bit count, a 64-byte partial chunk, its length and the digest length. Each
 * call loads the caller's hash words into a context with no partial chunk and hands it whole
 * chunks only, so OpenSSL's running count and buffering never matter.
 */
final class OpensslSha256Compression implements Sha256Compression {

  /** The library names tried in turn: the linker's name, then OpenSSL 3's and 1.1's run-time. */
  private static final List<String> LIBRARY_NAMES =
      List.of("crypto", "libcrypto.so.3", "libcrypto.so.1.1");
  /** h[8], Nl, Nh, data[16], num and md_len, all 32-bit. */
  private static final int CONTEXT_SIZE = 28 * Integer.BYTES;
  private static final int MD_LEN_OFFSET = 27 * Integer.BYTES;
  /** Chunks copied to native memory per call: bounds the per-thread buffer. */
  private static final int CHUNKS_PER_CALL = 4096;

  /** The function, named as libcrypto exports it; bound by JNA's direct mapping in {@link #load}. */
  private static final class Functions {
    static native int SHA256_Update(Pointer context, Pointer data, long length);
  }

  /** Each thread's context and input buffer, allocated once per thread. */
  private static final class Scratch {
    final Memory context = new Memory(CONTEXT_SIZE);
    final Memory input = new Memory((long) CHUNKS_PER_CALL * 64);
  }

  private static OpensslSha256Compression loaded;

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  private OpensslSha256Compression() {}

  /**
   * Loads libcrypto and checks that it computes SHA-256 as this class expects; once per JVM,
   * since the function is bound to one library.
   *
   * @throws UnsatisfiedLinkError when JNA or libcrypto cannot be loaded, lacks SHA256_Update (an
   *     OpenSSL built without deprecated functions), or gets the known answer wrong
   */
  static synchronized OpensslSha256Compression load() {
    if (loaded != null) {
      return loaded;
    }
    if (Native.SIZE_T_SIZE != Long.BYTES) {
      throw new UnsatisfiedLinkError(
          "the libcrypto binding describes 64-bit platforms; size_t here has "
              + Native.SIZE_T_SIZE + " bytes");
    }
    SystemLibraries.register(Functions.class, "libcrypto", LIBRARY_NAMES);
    OpensslSha256Compression compression = new OpensslSha256Compression();
    compression.checkKnownAnswer();
    loaded = compression;
    return loaded;
  }

  @Override
  public void compress(int[] hash, byte[] bytes, int offset, int chunks) {
    Scratch own = scratch.get();
    own.context.clear();
    own.context.write(0, hash, 0, 8);
    own.context.setInt(MD_LEN_OFFSET, 32);
    for (int done = 0; done < chunks; done += CHUNKS_PER_CALL) {
      int length = Math.min(CHUNKS_PER_CALL, chunks - done) * 64;
      own.input.write(0, bytes, offset + done * 64, length);
      Functions.SHA256_Update(own.context, own.input, length);
    }
    own.context.read(0, hash, 0, 8);
  }

  @Override
  public String name() {
    return "OpenSSL libcrypto";
  }

  /** The same chunk through Java and through libcrypto must give the same hash words. */
  private void checkKnownAnswer() {
    byte[] chunk = new byte[64];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 7 + 1);
    }
    int[] expected = {1, 2, 3, 4, 5, 6, 7, 8};
    int[] actual = expected.clone();
    new JavaSha256Compression().compress(expected, chunk, 0, 1);
    compress(actual, chunk, 0, 1);
    if (!Arrays.equals(expected, actual)) {
      throw new UnsatisfiedLinkError("libcrypto's SHA256_Update does not match SHA-256 in Java");
    }
  }
}
