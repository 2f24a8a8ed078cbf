package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CheckpointListener;
import org.imagerelease.activities.transfer.ResumeState;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.hash.HashingInputStream;
import org.imagerelease.workflows.model.TransferProgress;

/**
 * Builds checkpoints: takes the done blocks and the hash state, has the sink make the blocks it
 * claims durable and give its own resume state, then reports the checkpoint. Called by a timer
 * and once at the end.
 */
final class Checkpointer {

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
  private volatile HashProgress hashProgress;

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
            done.blocksZero());
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
