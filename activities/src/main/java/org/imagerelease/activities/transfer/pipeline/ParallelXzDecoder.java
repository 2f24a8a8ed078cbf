package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.hash.HashingInputStream;
import org.imagerelease.activities.transfer.hash.ResumableSha256;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.source.SourceInputStream;
import org.imagerelease.activities.transfer.xz.XzBlock;
import org.imagerelease.activities.transfer.xz.XzDecoder;
import org.imagerelease.activities.transfer.xz.XzLayout;
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
 * <p>Checkpoints put the hash midstate at the start of the earliest xz block that still has sink
 * blocks to deliver (or where the reader is, when none has). A resumed attempt continues the hash
 * there and streams the file from that offset only: every byte it decodes is also hashed in that
 * attempt, so nothing reaches the sink unverified, and what it downloads again is at most the few
 * xz blocks that were in flight. xz blocks whose sink blocks are all done are hashed, not decoded.
 */
final class ParallelXzDecoder {

  private static final Logger log = LoggerFactory.getLogger(ParallelXzDecoder.class);
  private static final int READ_CHUNK = 256 * 1024;
  /** Largest compressed xz block held in memory; larger blocks are decoded sequentially. */
  static final long MAX_BLOCK_BYTES = 256L << 20;

  private final ImageSource source;
  private final TransferRequest request;
  private final TransferSettings settings;
  private final XzDecoder xzDecoder;
  private final XzLayout layout;
  private final BlockCutter cutter;
  private final BlockLedger ledger;
  private final Checkpointer checkpointer;
  private final AttemptFailure failure;
  private final Semaphore blocksHeld;
  private final Phaser decoding = new Phaser(1);
  /** Hash state at the start of each xz block handed to a decoder and maybe not yet done. */
  private final ConcurrentSkipListMap<Integer, HashingInputStream.HashState> unfinishedStarts =
      new ConcurrentSkipListMap<>();
  private ExecutorService decoders;

  ParallelXzDecoder(
      ImageSource source,
      TransferRequest request,
      TransferSettings settings,
      XzDecoder xzDecoder,
      XzLayout layout,
      BlockCutter cutter,
      BlockLedger ledger,
      Checkpointer checkpointer,
      AttemptFailure failure) {
    this.source = source;
    this.request = request;
    this.settings = settings;
    this.xzDecoder = xzDecoder;
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

  /**
   * Decodes and hashes the file. Hashing continues from {@code checkpointHash} when every xz block
   * before it is done, and from the start of the file otherwise.
   */
  DecodeResult run(ResumableSha256 checkpointHash) throws IOException {
    ResumableSha256 hash = usable(checkpointHash);
    decoders =
        failure.stopsWith(
            Executors.newFixedThreadPool(
                Math.max(1, settings.decodeThreads()),
                new TransferThreads("xz", request.imageName())));
    try {
      checkpointer.readingFrom(hash.byteCount());
      String sha256 = streamFrom(hash.byteCount(), hash);
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

  /**
   * A checkpoint from a sequential attempt may have hashed past xz blocks that are not done;
   * their bytes must be hashed again with the decoding, so hashing restarts at 0 then.
   */
  private ResumableSha256 usable(ResumableSha256 checkpointHash) {
    for (XzBlock block : layout.blocks()) {
      if (block.compressedOffset() >= checkpointHash.byteCount()) {
        break;
      }
      if (needsDecoding(block)) {
        log.info("Image {}: xz block {} before the checkpoint's hash offset {} is unfinished;"
            + " hashing from the start", request.imageName(), block.number(),
            checkpointHash.byteCount());
        return new ResumableSha256();
      }
    }
    return checkpointHash;
  }

  /** Reads and hashes the file from {@code offset} to its end, handing blocks to decoders. */
  private String streamFrom(long offset, ResumableSha256 hash) throws IOException {
    SourceInputStream file =
        new SourceInputStream(
            source, request.imageName(), request.expectedSize(), offset, settings.maxRetries(), settings.throughputFloor(),
            ReleaseMetrics.transfersTo(request.target()).downloadedBytes());
    failure.onFailure(file::close);
    try (HashingInputStream hashing = new HashingInputStream(file, hash)) {
      checkpointer.track(done -> resumePoint(done, hashing));
      long position = offset;
      byte[] scratch = new byte[READ_CHUNK];
      for (XzBlock block : layout.blocks()) {
        if (block.compressedOffset() < offset) {
          continue;
        }
        readAndHash(hashing, scratch, block.compressedOffset() - position);
        if (needsDecoding(block)) {
          holdBlock();
          unfinishedStarts.put(block.number(), hashing.hashState());
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

  /**
   * The start of the earliest xz block with sink blocks not in {@code done}, or the reader's
   * position when there is none. The position is read first: a block the reader reaches later
   * is then either in the map already or starts after that position.
   */
  private HashingInputStream.HashState resumePoint(BlockRanges done, HashingInputStream hashing) {
    HashingInputStream.HashState readerPosition = hashing.hashState();
    for (Map.Entry<Integer, HashingInputStream.HashState> start : unfinishedStarts.entrySet()) {
      XzBlock block = layout.blocks().get(start.getKey());
      if (!done.containsAll(firstSinkBlock(block), lastSinkBlock(block))) {
        return start.getValue();
      }
      unfinishedStarts.remove(start.getKey());
    }
    return readerPosition;
  }

  private boolean needsDecoding(XzBlock block) {
    return block.decodedSize() > 0
        && !ledger.allDoneBefore(firstSinkBlock(block), lastSinkBlock(block));
  }

  private long firstSinkBlock(XzBlock block) {
    return block.decodedOffset() / settings.blockSize();
  }

  private long lastSinkBlock(XzBlock block) {
    return (block.decodedEnd() - 1) / settings.blockSize();
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
            () -> xzDecoder.block(block, compressed),
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
