package org.imagerelease.activities.transfer.hash;

/**
 * The SHA-256 compression function: folds whole 64-byte chunks into the eight hash words. All of
 * {@link ResumableSha256}'s speed is here; its state stays in Java, so a checkpoint's hash state
 * reads the same whichever implementation wrote it. Implementations are thread-safe.
 */
interface Sha256Compression {

  /** Folds the {@code chunks} 64-byte chunks at {@code offset} of {@code bytes} into {@code hash}. */
  void compress(int[] hash, byte[] bytes, int offset, int chunks);

  /** Which implementation this is, for logs. */
  String name();
}
