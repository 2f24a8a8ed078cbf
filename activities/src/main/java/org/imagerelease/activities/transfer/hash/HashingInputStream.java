package org.imagerelease.activities.transfer.hash;

import java.io.InputStream;
import org.imagerelease.activities.transfer.io.ObservedInputStream;

/**
 * Hashes every source byte read through it, skipped ones too, in file order, and hands out
 * consistent snapshots of the running hash for checkpoints (taken from another thread).
 */
public final class HashingInputStream extends ObservedInputStream {

  /** How far the source was hashed, and the hash state there. */
  public record HashState(long hashedBytes, String sha256State) {}

  private final ResumableSha256 sha;

  /** Hashes on from {@code startState}, which already covers the bytes before this stream. */
  public HashingInputStream(InputStream source, ResumableSha256 startState) {
    super(source);
    this.sha = startState;
  }

  @Override
  protected void observe(byte[] buffer, int offset, int length) {
    synchronized (sha) {
      sha.update(buffer, offset, length);
    }
  }

  public HashState hashState() {
    synchronized (sha) {
      return new HashState(sha.byteCount(), sha.saveState());
    }
  }

  public String hexDigest() {
    synchronized (sha) {
      return sha.hexDigest();
    }
  }
}
