package org.imagerelease.activities.transfer.pipeline;

import java.util.Optional;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.xz.XzBlock;
import org.imagerelease.activities.transfer.xz.XzBlockHeader;
import org.imagerelease.activities.transfer.xz.XzLayout;

/**
 * What one transfer attempt holds in memory at most, for a sink parallelism and a number of
 * decode threads: block buffers (in flight to the sink, being filled, half-stitched, spare), the
 * compressed xz blocks waiting for a decoder, and the decoders' dictionaries. The attempt asks the
 * worker's budget for its configured parallelism, takes less when less is free, and runs with
 * what its grant covers ({@link #fitting}).
 *
 * @param sinkParallelism blocks handed to the sink at once
 * @param decodeThreads xz blocks decoded at once (1 for a sequential decoder)
 * @param bytes the memory that needs, at most
 */
record MemoryPlan(int sinkParallelism, int decodeThreads, long bytes) {
  /** Decoders whose dictionary cannot be read: what xz -9 needs, the largest preset. */
  static final long UNKNOWN_XZ_DICTIONARY = 64L << 20;
  /** zstd's default window at its usual levels (windowLog 23); larger windows need --long. */
  static final long ZSTD_WINDOW = 8L << 20;
  static final long GZIP_WINDOW = 64L << 10;
  /** The sequential decoder's read-ahead: eight chunks of 256 KiB, and one being read. */
  static final long PREFETCH = 9L * 256 * 1024;
  /** Spare buffers the dispatcher keeps, and the one a reader fills before it may hand it on. */
  private static final int SPARE_BLOCKS = 5;

  /** How much memory transfers of this image need, per parallelism. */
  record Shape(int blockSize, boolean parallel, long heldCompressedBlock, long decoderMemory) {
    MemoryPlan plan(int sinkParallelism, int decodeThreads) {
      int threads = parallel ? decodeThreads : 1;
      // In flight: twice the sink's threads; each decoder fills one and stitches one.
      long blocks = 2L * sinkParallelism + 2L * threads + SPARE_BLOCKS;
      long decoding = parallel ? (threads + 1L) * heldCompressedBlock + threads * decoderMemory : decoderMemory + PREFETCH;
      return new MemoryPlan(sinkParallelism, threads, blocks * blockSize + decoding);
    }
  }

  /** How this image decodes, as far as memory goes; reads an xz block header to learn its dictionary. */
  static Shape shapeOf(TransferSettings settings, ImageSource source, Compression compression, Optional<XzLayout> layout, boolean parallel) {
    long decoder =
        switch (compression) {
          case NONE -> 0;
          case GZIP -> GZIP_WINDOW;
          case ZSTD -> ZSTD_WINDOW;
          case XZ -> layout.filter(l -> !l.blocks().isEmpty())
              .map(l -> XzBlockHeader.dictionarySize(source, l.blocks().get(0)).orElse(UNKNOWN_XZ_DICTIONARY))
              .orElse(UNKNOWN_XZ_DICTIONARY);
        };
    long held = parallel ? layout.get().blocks().stream().mapToLong(XzBlock::paddedSize).max().orElse(0) : 0;
    return new Shape(settings.blockSize(), parallel, held, decoder);
  }

  /**
   * The most parallel plan within {@code bytes}, never more than {@code wanted}: sink threads
   * give way first, down to one, then decode threads.
   */
  static MemoryPlan fitting(long bytes, Shape shape, MemoryPlan wanted) {
    int decodeThreads = wanted.decodeThreads();
    int sinkParallelism = wanted.sinkParallelism();
    MemoryPlan plan = shape.plan(sinkParallelism, decodeThreads);
    while (plan.bytes() > bytes && (sinkParallelism > 1 || decodeThreads > 1)) {
      if (sinkParallelism > 1) {
        sinkParallelism--;
      } else {
        decodeThreads--;
      }
      plan = shape.plan(sinkParallelism, decodeThreads);
    }
    return plan;
  }
}
