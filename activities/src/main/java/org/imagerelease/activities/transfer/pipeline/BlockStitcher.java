package org.imagerelease.activities.transfer.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Assembles the blocks whose bytes come from two or more xz blocks decoded on different threads.
 * Each contributor reads its part straight into the block's buffer (the parts never overlap, and
 * the lock hands the bytes over between threads); whoever completes the block dispatches it.
 */
final class BlockStitcher {

  private static final class Partial {
    final byte[] bytes;
    int filled;

    Partial(int blockSize) {
      bytes = new byte[blockSize];
    }
  }

  private final int blockSize;
  private final Map<Long, Partial> partials = new HashMap<>();

  BlockStitcher(int blockSize) {
    this.blockSize = blockSize;
  }

  /** The buffer that collects block {@code index}; a contributor fills its own part of it. */
  synchronized byte[] bufferFor(long index) {
    return partials.computeIfAbsent(index, i -> new Partial(blockSize)).bytes;
  }

  /**
   * Notes that {@code length} more bytes of block {@code index} are in its buffer.
   *
   * @param blockLength image bytes in the block (less than the block size only for the last one)
   * @return the completed, zero-padded block buffer, or null while parts are still missing
   */
  synchronized byte[] filled(long index, int length, int blockLength) {
    Partial partial = partials.get(index);
    partial.filled += length;
    if (partial.filled < blockLength) {
      return null;
    }
    partials.remove(index);
    return partial.bytes;
  }

  /** Blocks still waiting for a part; zero once every xz block was decoded. */
  synchronized int incompleteBlocks() {
    return partials.size();
  }
}
