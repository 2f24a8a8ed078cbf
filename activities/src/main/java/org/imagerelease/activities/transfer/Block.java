package org.imagerelease.activities.transfer;

/**
 * One fixed-size block of the decoded image.
 *
 * @param index block number: byte offset / block size
 * @param bytes the block's bytes; always the full block size, the last block zero-padded. Owned by
 *     the pipeline and reused after {@link BlockSink#accept} returns: a sink that keeps data past
 *     that call copies it
 * @param length how many bytes of {@code bytes} are image data (less than the block size only for
 *     the last block)
 * @param sha256 SHA-256 of all {@code bytes}, when the sink asked for it; otherwise null
 */
public record Block(long index, byte[] bytes, int length, byte[] sha256) {

  /** Byte offset of this block in the decoded image. */
  public long offset() {
    return index * (long) bytes.length;
  }
}
