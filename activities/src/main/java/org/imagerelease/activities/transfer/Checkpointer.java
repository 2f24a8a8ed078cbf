package org.imagerelease.activities.transfer;

import java.io.IOException;
import org.imagerelease.workflows.model.TransferProgress;

/**
 * Builds checkpoints: takes the done blocks and the hash state, has the sink flush so the blocks
 * it claims are durable, then reports the checkpoint. Called by a timer and once at the end.
 */
final class Checkpointer {

  private final TransferRequest request;
  private final int blockSize;
  private final BlockSink sink;
  private final CheckpointListener listener;
  private final BlockLedger ledger;
  private final HashingInputStream.HashState initialHash;
  private volatile HashingInputStream hashing;

  Checkpointer(
      TransferRequest request,
      int blockSize,
      BlockSink sink,
      CheckpointListener listener,
      BlockLedger ledger,
      HashingInputStream.HashState initialHash) {
    this.request = request;
    this.blockSize = blockSize;
    this.sink = sink;
    this.listener = listener;
    this.ledger = ledger;
    this.initialHash = initialHash;
  }

  /** From now on, checkpoints report how far {@code stream} has hashed the source. */
  void track(HashingInputStream stream) {
    this.hashing = stream;
  }

  synchronized void checkpoint() throws IOException {
    // Snapshot before flushing: every block in it was accepted before the flush began.
    BlockLedger.Snapshot done = ledger.snapshot();
    HashingInputStream current = hashing;
    HashingInputStream.HashState hashed = current == null ? initialHash : current.hashState();
    sink.flush();
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
            done.doneBlocks(),
            done.blocksAccepted(),
            done.blocksZero(),
            hashed.hashedBytes(),
            hashed.sha256State());
    listener.onCheckpoint(new TransferCheckpoint(progress, resume));
  }
}
