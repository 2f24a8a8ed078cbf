package org.imagerelease.activities.transfer;

import java.io.IOException;

/**
 * Where the decoded blocks of an image go: a file on a mirror, an EBS snapshot, a page blob.
 *
 * <p>The pipeline calls {@link #accept} from up to the configured number of threads at once,
 * never twice for the same block in one attempt, and never for a block the checkpoint it resumed
 * from lists as done. All-zero blocks are not handed over, only announced with
 * {@link #skipZero}; a fresh destination reads them as zero.
 *
 * <p>A sink resumes its own state: each checkpoint carries what {@link #checkpoint} returned,
 * and a retried attempt hands it back to {@link #begin}. That state must cover at least every
 * block accepted or skipped before the checkpoint was asked for; it may cover more, so a resumed
 * sink may be handed a block its state already has, and must take it as a repeat.
 */
public interface BlockSink {

  /** What the sink needs of the pipeline; asked once, before anything is read. */
  default SinkNeeds needs() {
    return SinkNeeds.anyBlockSize();
  }

  /**
   * Called once before any block, with what is known of the image and, when this attempt
   * resumes, the state the sink checkpointed ({@link ImageShape#resumeState()}).
   *
   * @return whether the sink goes on from that state; false when it cannot (its destination is
   *     gone or failed), in which case the pipeline starts over and hands it every block. A fresh
   *     attempt's return value is ignored
   */
  boolean begin(ImageShape shape) throws IOException;

  /** Stores one block. When this returns the block counts as accepted. Thread-safe. */
  void accept(Block block) throws IOException;

  /**
   * The block is all zero and will never be handed over. Sinks that fold something over every
   * block in order hear of the gaps here. Thread-safe; called before the block counts as done.
   */
  default void skipZero(long index) throws IOException {}

  /**
   * Makes every block accepted so far durable and returns the sink's small resume state
   * covering them (a few KB at most; it travels in every heartbeat). Called by the checkpoint
   * timer, concurrently with {@link #accept}.
   */
  String checkpoint() throws IOException;

  /**
   * Makes the image final. Called once, only after every block was accepted and the compressed
   * bytes matched the expected SHA-256.
   */
  void complete(TransferSummary summary) throws IOException;
}
