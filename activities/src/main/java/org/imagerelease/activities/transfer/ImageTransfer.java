package org.imagerelease.activities.transfer;

import java.io.IOException;

/**
 * Moves one image from its source into a sink in one pass: download, hash the source bytes,
 * decode, cut into blocks, skip all-zero blocks, hand the rest to the sink in parallel, and
 * complete the sink only after the source hash matched.
 */
public interface ImageTransfer {

  /**
   * Runs the transfer, resuming from {@link TransferRequest#resumeFrom()} when set.
   *
   * @throws org.imagerelease.activities.ReleaseException for failures a retry cannot fix
   *     (checksum mismatch, corrupt archive, image too large, source not found)
   * @throws IOException for transient failures after the configured retries
   */
  TransferSummary run(TransferRequest request, BlockSink sink, CheckpointListener listener)
      throws IOException;
}
