package org.imagerelease.activities.transfer.hash;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hashes every source byte read through it, in file order, and hands out consistent snapshots of
 * the running hash for checkpoints (taken from another thread).
 */
public final class HashingInputStream extends FilterInputStream {

  /** How far the source was hashed, and the hash state there. */
  public record HashState(long hashedBytes, String sha256State) {}

  private final ResumableSha256 sha;

  /** Hashes on from {@code startState}, which already covers the bytes before this stream. */
  public HashingInputStream(InputStream source, ResumableSha256 startState) {
    super(source);
    this.sha = startState;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      synchronized (sha) {
        sha.update(buffer, offset, n);
      }
    }
    return n;
  }

  /** Skipped bytes are read and hashed all the same: the hash covers every byte of the file. */
  @Override
  public long skip(long count) throws IOException {
    byte[] scratch = new byte[(int) Math.min(count, 64 * 1024)];
    long skipped = 0;
    while (skipped < count) {
      int n = read(scratch, 0, (int) Math.min(scratch.length, count - skipped));
      if (n < 0) {
        break;
      }
      skipped += n;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
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
