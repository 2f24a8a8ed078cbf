package org.imagerelease.activities.transfer;

import java.io.IOException;
import java.util.Objects;

/**
 * The transfer pipeline: one pass with bounded memory and no temporary copy on disk. Source
 * (HTTP with range resumption, or a file) → SHA-256 of the source bytes → decoder (xz, gzip,
 * zstd or none; multi-block xz on several threads) → fixed-size blocks → all-zero blocks counted
 * and skipped → the sink, from a bounded pool. The sink is completed only after the checksum
 * matched. Checkpoints let a later attempt continue without sending a block twice.
 */
public final class StreamingImageTransfer implements ImageTransfer {

  private final TransferSettings settings;

  public StreamingImageTransfer(TransferSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (settings.blockSize() <= 0) {
      throw new IllegalArgumentException("blockSize must be positive: " + settings.blockSize());
    }
  }

  @Override
  public TransferSummary run(TransferRequest request, BlockSink sink, CheckpointListener listener)
      throws IOException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(listener, "listener");
    return new TransferAttempt(settings, request, sink, listener).run();
  }
}
