package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.imagerelease.activities.metrics.TransferMeters;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.TransferSettings;

/**
 * Hands blocks to the sink from a fixed pool of threads. At most twice the pool size is in flight,
 * so a slow sink slows the decoders instead of filling memory; block buffers are recycled.
 * All-zero blocks and blocks a resumed checkpoint had done are recorded, never sent.
 */
final class SinkDispatcher {

  private final BlockSink sink;
  private final int blockSize;
  private final BlockLedger ledger;
  private final AttemptFailure failure;
  private final boolean blockDigests;
  private final ExecutorService workers;
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final ArrayBlockingQueue<byte[]> spareBuffers;
  private final byte[] zeros;
  private final TransferMeters meters;

  SinkDispatcher(
      BlockSink sink,
      TransferSettings settings,
      BlockLedger ledger,
      AttemptFailure failure,
      String imageName,
      TransferMeters meters) {
    this.sink = sink;
    this.blockSize = settings.blockSize();
    this.ledger = ledger;
    this.failure = failure;
    this.blockDigests = sink.needs().blockDigests();
    int parallelism = Math.max(1, settings.sinkParallelism());
    this.workers =
        failure.stopsWith(
            Executors.newFixedThreadPool(parallelism, new TransferThreads("sink", imageName)));
    this.maxInFlight = 2 * parallelism;
    this.inFlight = new Semaphore(maxInFlight);
    this.spareBuffers = new ArrayBlockingQueue<>(maxInFlight + 4);
    this.zeros = new byte[blockSize];
    this.meters = meters;
  }

  /** A block-sized buffer to fill; its contents are undefined. */
  byte[] borrowBuffer() {
    byte[] spare = spareBuffers.poll();
    return spare != null ? spare : new byte[blockSize];
  }

  void recycle(byte[] buffer) {
    spareBuffers.offer(buffer);
  }

  /** Whether the checkpoint this attempt resumed from had the block done. */
  boolean alreadyDone(long index) {
    return ledger.doneBefore(index);
  }

  /**
   * Takes over a filled block: {@code buffer} holds {@code length} bytes of image data followed by
   * zeros. Waits while the sink is saturated.
   */
  void dispatch(long index, byte[] buffer, int length) throws IOException {
    failure.throwIfHappened();
    if (ledger.doneBefore(index)) {
      recycle(buffer);
      return;
    }
    if (Arrays.mismatch(buffer, 0, length, zeros, 0, length) < 0) {
      recycle(buffer);
      // The sink hears first, so any checkpoint naming the block done has it in the sink's state.
      sink.skipZero(index);
      ledger.recordZero(index);
      meters.blocksSkipped().increment();
      return;
    }
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      recycle(buffer);
      throw new InterruptedIOException("Interrupted while handing block " + index + " to the sink");
    }
    try {
      workers.execute(() -> send(index, buffer, length));
    } catch (RuntimeException e) {
      inFlight.release();
      failure.throwIfHappened();
      throw e;
    }
  }

  /** Waits until every dispatched block was accepted, or one failed. */
  void awaitAllAccepted() throws InterruptedIOException {
    try {
      inFlight.acquire(maxInFlight);
      inFlight.release(maxInFlight);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for the sink");
    }
    failure.throwIfHappened();
  }

  void shutdown() {
    workers.shutdown();
  }

  private void send(long index, byte[] buffer, int length) {
    try {
      if (!failure.happened()) {
        byte[] digest = blockDigests ? sha256(buffer) : null;
        sink.accept(new Block(index, buffer, length, digest));
        ledger.recordAccepted(index);
        meters.blocksSent().increment();
        meters.sentBytes().increment(length);
      }
    } catch (Throwable e) {
      failure.record(e);
    } finally {
      inFlight.release();
      recycle(buffer);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
