package org.imagerelease.activities.transfer;

import java.io.IOException;

/**
 * Where the decoded blocks of an image go: a file on a mirror, an EBS snapshot, a page blob.
 * The pipeline calls {@link #accept} from up to the configured number of threads at once, never
 * twice for the same block in one attempt, and never for a block a resumed checkpoint lists as
 * accepted. All-zero blocks are not handed over; a fresh sink reads them as zero.
 */
public interface BlockSink {

  /** Called once before any block, with what is known of the image. */
  void begin(ImageShape shape) throws IOException;

  /** Stores one block. When this returns the block counts as accepted. Thread-safe. */
  void accept(Block block) throws IOException;

  /** Makes every accepted block durable; called before a checkpoint names them as accepted. */
  void flush() throws IOException;

  /**
   * Makes the image final. Called once, only after every block was accepted and the compressed
   * bytes matched the expected SHA-256.
   */
  void complete(TransferSummary summary) throws IOException;

  /** Whether {@link Block#sha256()} should be computed for this sink. */
  default boolean wantsBlockDigests() {
    return false;
  }
}
