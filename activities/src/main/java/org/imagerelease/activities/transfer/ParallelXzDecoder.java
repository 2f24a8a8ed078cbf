package org.imagerelease.activities.transfer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a multi-block .xz file (as {@code xz -T0} writes) on several threads.
 *
 * <p>One reader streams the file from where the hash stopped, hashing every byte in order, and
 * hands each block's compressed bytes to a pool of decoders as they arrive; each decoder cuts its
 * block's output into sink blocks at their place in the image, stitching blocks that straddle two
 * xz blocks. At most {@code decodeThreads + 1} compressed xz blocks are held at once.
 *
 * <p>A resumed attempt continues the hash from the checkpoint's midstate and offset, so it reads
 * only the bytes not yet hashed, plus, by range, the earlier xz blocks that still have sink blocks
 * to deliver. xz blocks whose sink blocks are all done are hashed (if not yet) but not decoded.
 */
final class ParallelXzDecoder {

  private static final Logger log = LoggerFactory.getLogger(ParallelXzDecoder.class);
  private static final int READ_CHUNK = 256 * 1024;
  /** Largest compressed xz block held in memory; larger blocks are decoded sequentially. */
  static final long MAX_BLOCK_BYTES = 256L << 20;

  private final ImageSource source;
  private final TransferRequest request;
  private final TransferSettings settings;
  private final XzLayout layout;
  private final BlockCutter cutter;
  private final BlockLedger ledger;
  private final Checkpointer checkpointer;
  private final AttemptFailure failure;
  private final Semaphore blocksHeld;
  private final Phaser decoding = new Phaser(1);
  private ExecutorService decoders;

  ParallelXzDecoder(
      ImageSource source,
      TransferRequest request,
      TransferSettings settings,
      XzLayout layout,
      BlockCutter cutter,
      BlockLedger ledger,
      Checkpointer checkpointer,
      AttemptFailure failure) {
    this.source = source;
    this.request = request;
    this.settings = settings;
    this.layout = layout;
    this.cutter = cutter;
    this.ledger = ledger;
    this.checkpointer = checkpointer;
    this.failure = failure;
    this.blocksHeld = new Semaphore(Math.max(1, settings.decodeThreads()) + 1);
  }

  /** Whether the layout suits parallel decoding: several blocks, each small enough to hold. */
  static boolean suits(XzLayout layout) {
    return layout.blocks().size() > 1
        && layout.blocks().stream().allMatch(block -> block.paddedSize() <= MAX_BLOCK_BYTES);
  }

  /** Decodes and hashes the file; {@code resumeHash} is where hashing continues. */
  DecodeResult run(ResumableSha256 resumeHash) throws IOException {
    decoders =
        Executors.newFixedThreadPool(
            Math.max(1, settings.decodeThreads()), new TransferThreads("xz", request.imageName()));
    failure.onFailure(decoders::shutdownNow);
    try {
      long hashedFrom = resumeHash.byteCount();
      fetchUnfinishedBlocksBefore(hashedFrom);
      String sha256 = streamFrom(hashedFrom, resumeHash);
      awaitDecoders();
      if (cutter.incompleteBlocks() != 0) {
        throw new IllegalStateException(
            cutter.incompleteBlocks() + " blocks of " + request.imageName() + " never completed");
      }
      return new DecodeResult(layout.decodedSize(), sha256);
    } finally {
      decoders.shutdown();
    }
  }

  /** Blocks a checkpoint's hash already covers but whose sink blocks are not all done. */
  private void fetchUnfinishedBlocksBefore(long hashedFrom) throws IOException {
    for (XzBlock block : layout.blocks()) {
      if (block.compressedOffset() >= hashedFrom) {
        return;
      }
      if (needsDecoding(block)) {
        holdBlock();
        byte[] compressed;
        try (SourceInputStream span =
            SourceInputStream.span(
                source,
                request.imageName(),
                request.expectedSize(),
                block.compressedOffset(),
                block.compressedEnd(),
                settings.maxRetries())) {
          failure.onFailure(span::close);
          compressed = span.readAllBytes();
        } catch (IOException | RuntimeException e) {
          blocksHeld.release();
          throw e;
        }
        log.debug("Fetched xz block {} of {} again to finish it", block.number(),
            request.imageName());
        decodeLater(block, new ByteArrayInputStream(compressed));
      }
    }
  }

  /** Reads and hashes the file from {@code offset} to its end, handing blocks to decoders. */
  private String streamFrom(long offset, ResumableSha256 hash) throws IOException {
    SourceInputStream file =
        SourceInputStream.toEndOfFile(
            source, request.imageName(), request.expectedSize(), offset, settings.maxRetries());
    failure.onFailure(file::close);
    try (HashingInputStream hashing = new HashingInputStream(file, hash)) {
      checkpointer.track(hashing);
      long position = offset;
      byte[] scratch = new byte[READ_CHUNK];
      for (XzBlock block : layout.blocks()) {
        if (block.compressedOffset() < offset) {
          continue;
        }
        readAndHash(hashing, scratch, block.compressedOffset() - position);
        if (needsDecoding(block)) {
          holdBlock();
          ArrivingBytes arriving = new ArrivingBytes((int) block.paddedSize());
          decodeLater(block, arriving.stream());
          receive(hashing, arriving);
        } else {
          readAndHash(hashing, scratch, block.paddedSize());
        }
        position = block.compressedEnd();
      }
      // Indexes, footers and padding after the last block.
      while (hashing.read(scratch, 0, scratch.length) >= 0) {
        failure.throwIfHappened();
      }
      return hashing.hexDigest();
    }
  }

  private boolean needsDecoding(XzBlock block) {
    if (block.decodedSize() == 0) {
      return false;
    }
    long first = block.decodedOffset() / settings.blockSize();
    long last = (block.decodedEnd() - 1) / settings.blockSize();
    return !ledger.allDoneBefore(first, last);
  }

  private void receive(HashingInputStream hashing, ArrivingBytes arriving) throws IOException {
    byte[] buffer = arriving.buffer();
    int filled = 0;
    while (filled < buffer.length) {
      int n = hashing.read(buffer, filled, Math.min(READ_CHUNK, buffer.length - filled));
      if (n < 0) {
        throw new IllegalStateException("Source ended inside an xz block despite its size");
      }
      filled += n;
      arriving.add(n);
    }
  }

  private static void readAndHash(HashingInputStream hashing, byte[] scratch, long count)
      throws IOException {
    long left = count;
    while (left > 0) {
      int n = hashing.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (n < 0) {
        throw new IllegalStateException("Source ended before its declared size");
      }
      left -= n;
    }
  }

  private void holdBlock() throws InterruptedIOException {
    try {
      blocksHeld.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for a free xz decoder");
    }
    failure.throwIfHappened();
  }

  /** Decodes the block on the pool; releases its hold on memory when done. */
  private void decodeLater(XzBlock block, InputStream compressed) throws InterruptedIOException {
    decoding.register();
    try {
      decoders.execute(() -> decode(block, compressed));
    } catch (RejectedExecutionException e) {
      blocksHeld.release();
      decoding.arriveAndDeregister();
      failure.throwIfHappened();
      throw e;
    }
  }

  private void decode(XzBlock block, InputStream compressed) {
    try (InputStream decoded =
        DecodedInputStream.open(
            () -> XzBlockDecoder.decode(block, compressed),
            request.imageName(),
            "xz block " + block.number() + " at byte " + block.compressedOffset())) {
      cutter.cutRange(
          decoded, block.decodedOffset(), block.decodedSize(), layout.decodedSize());
    } catch (Throwable e) {
      failure.record(e);
    } finally {
      blocksHeld.release();
      decoding.arriveAndDeregister();
    }
  }

  private void awaitDecoders() throws IOException {
    try {
      decoding.awaitAdvanceInterruptibly(decoding.arrive());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for xz decoders");
    }
    failure.throwIfHappened();
  }
}
