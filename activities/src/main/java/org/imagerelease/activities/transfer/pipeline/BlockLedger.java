package org.imagerelease.activities.transfer.pipeline;

import org.imagerelease.activities.transfer.ResumeState;

/**
 * Which blocks of the image are done: accepted by the sink, or found all-zero and so never sent.
 * Starts from a checkpoint's blocks, which this attempt must not hand the sink again, and counts
 * what this attempt adds. Thread-safe: sink workers and decoders record, the checkpointer reads.
 */
final class BlockLedger {

  /** Snapshot for a checkpoint: the done set and its counts, taken together. */
  record Snapshot(BlockRanges done, long blocksAccepted, long blocksZero) {}

  private final BlockRanges doneBeforeThisAttempt;
  private final BlockRanges done;
  private long blocksAccepted;
  private long blocksZero;

  private BlockLedger(BlockRanges doneBefore, long blocksAccepted, long blocksZero) {
    this.doneBeforeThisAttempt = doneBefore;
    this.done = doneBefore.copy();
    this.blocksAccepted = blocksAccepted;
    this.blocksZero = blocksZero;
  }

  static BlockLedger fresh() {
    return new BlockLedger(new BlockRanges(), 0, 0);
  }

  static BlockLedger resumedFrom(ResumeState resume) {
    return new BlockLedger(
        BlockRanges.parse(resume.doneBlocks()), resume.blocksAccepted(), resume.blocksZero());
  }

  /** Whether the checkpoint this attempt resumed from had the block done; never changes. */
  boolean doneBefore(long block) {
    return doneBeforeThisAttempt.contains(block);
  }

  /** The first block the checkpoint this attempt resumed from did not have done. */
  long firstNotDoneBefore() {
    return doneBeforeThisAttempt.firstMissing();
  }

  /** Whether the checkpoint had every block from {@code first} to {@code last} done. */
  boolean allDoneBefore(long first, long last) {
    return doneBeforeThisAttempt.containsAll(first, last);
  }

  synchronized void recordAccepted(long block) {
    if (done.add(block)) {
      blocksAccepted++;
    }
  }

  synchronized void recordZero(long block) {
    if (done.add(block)) {
      blocksZero++;
    }
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(done.copy(), blocksAccepted, blocksZero);
  }

  synchronized long blocksAccepted() {
    return blocksAccepted;
  }

  synchronized long blocksZero() {
    return blocksZero;
  }

  synchronized long doneCount() {
    return done.size();
  }
}
