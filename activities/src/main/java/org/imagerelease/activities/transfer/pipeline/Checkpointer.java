package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CheckpointListener;
import org.imagerelease.activities.transfer.ResumeState;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.hash.HashingInputStream;
import org.imagerelease.workflows.model.TransferProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds checkpoints: takes the done blocks and the hash state, has the sink make the blocks it
 * claims durable and give its own resume state, then reports the checkpoint. Called by a timer
 * and once at the end.
 */
final class Checkpointer {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  /** Where a later attempt can continue hashing, given the blocks that are done. */
  @FunctionalInterface
  interface HashProgress {
    HashingInputStream.HashState resumePoint(BlockRanges done);
  }

  private final TransferRequest request;
  private final int blockSize;
  private final BlockSink sink;
  private final CheckpointListener listener;
  private final BlockLedger ledger;
  private final TransferProgress resumed;
  private volatile HashProgress hashProgress;
  private volatile long readAgainNow;

  Checkpointer(
      TransferRequest request,
      int blockSize,
      BlockSink sink,
      CheckpointListener listener,
      BlockLedger ledger,
      HashingInputStream.HashState initialHash) {
    this.hashProgress = done -> initialHash;
    this.request = request;
    this.blockSize = blockSize;
    this.sink = sink;
    this.listener = listener;
    this.ledger = ledger;
    this.resumed = request.resumeFrom() == null ? null : request.resumeFrom().progress();
  }

  /**
   * This attempt reads the source from {@code offset}: what an earlier attempt's checkpoint had
   * read beyond it is read again, which the log and every later checkpoint's progress tell.
   */
  void readingFrom(long offset) {
    if (request.resumeFrom() == null) {
      return;
    }
    ResumeState earlier = request.resumeFrom().resume();
    long readBefore = earlier != null ? earlier.hashedBytes() : resumed == null ? 0 : resumed.compressedBytesDone();
    readAgainNow = Math.max(0, readBefore - offset);
    log.info("Image {} for {}/{}: resumed (resume {}), reading from byte {}: {} bytes an earlier attempt had read are read again",
        request.imageName(), request.target(), request.location(), resumes(), offset, readAgainNow);
  }

  private long resumes() {
    return request.resumeFrom() == null ? 0 : 1 + (resumed == null ? 0 : resumed.resumes());
  }

  /** From now on, checkpoints ask {@code progress} where hashing can resume. */
  void track(HashProgress progress) {
    this.hashProgress = progress;
  }

  synchronized void checkpoint() throws IOException {
    // Snapshot before asking the sink: every block in it was accepted or skipped before, so the
    // sink's state covers it.
    BlockLedger.Snapshot done = ledger.snapshot();
    HashingInputStream.HashState hashed = hashProgress.resumePoint(done.done());
    String sinkState = sink.checkpoint();
    TransferProgress progress =
        new TransferProgress(
            request.target(),
            request.location(),
            request.imageName(),
            hashed.hashedBytes(),
            request.expectedSize(),
            done.blocksAccepted(),
            done.blocksZero(),
            resumes(),
            (resumed == null ? 0 : resumed.bytesReadAgain()) + readAgainNow);
    ResumeState resume =
        new ResumeState(
            blockSize,
            done.done().toString(),
            done.blocksAccepted(),
            done.blocksZero(),
            hashed.hashedBytes(),
            hashed.sha256State(),
            sinkState);
    listener.onCheckpoint(new TransferCheckpoint(progress, resume));
  }
}
