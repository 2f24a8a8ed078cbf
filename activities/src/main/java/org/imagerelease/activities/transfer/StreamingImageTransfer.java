package org.imagerelease.activities.transfer;

import java.io.IOException;
import java.util.Objects;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.pipeline.TransferAttempt;
import org.imagerelease.activities.transfer.xz.XzDecoder;
import org.imagerelease.activities.transfer.xz.XzDecoders;

/**
 * The transfer pipeline: one pass with bounded memory and no temporary copy on disk. Source
 * (HTTP with range resumption, or a file) → SHA-256 of the source bytes → decoder (xz, gzip,
 * zstd or none; multi-block xz on several threads) → fixed-size blocks → all-zero blocks counted
 * and skipped → the sink, from a bounded pool. The sink is completed only after the checksum
 * matched. Checkpoints let a later attempt continue without sending a block twice.
 */
public final class StreamingImageTransfer implements ImageTransfer {

  private final TransferSettings settings;
  private final ComposeSources allowedSources;
  private final XzDecoder xzDecoder;
  private final MemoryBudget memory;

  /**
   * A transfer with the xz decoder chosen for this JVM: the system's liblzma where it loads,
   * xz-java otherwise; {@code -Dimagerelease.xz=auto|java|native} overrides the choice.
   *
   * @param allowedSources where images may be read from, redirects included
   * @throws IllegalStateException when {@code -Dimagerelease.xz=native} but liblzma cannot load
   */
  public StreamingImageTransfer(TransferSettings settings, ComposeSources allowedSources) {
    this(settings, allowedSources, XzDecoders.CHOICE.configured());
  }

  StreamingImageTransfer(TransferSettings settings, ComposeSources allowedSources, XzDecoder xzDecoder) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.allowedSources = Objects.requireNonNull(allowedSources, "allowedSources");
    this.xzDecoder = Objects.requireNonNull(xzDecoder, "xzDecoder");
    this.memory = settings.newMemoryBudget();
    if (settings.blockSize() <= 0) {
      throw new IllegalArgumentException("blockSize must be positive: " + settings.blockSize());
    }
  }

  /**
   * The memory all transfers run through this pipeline share: one pipeline per worker, so its
   * every transfer, to every target, draws on the one budget.
   */
  public MemoryBudget memoryBudget() {
    return memory;
  }

  /** Which library decodes .xz here: {@code xz-java}, or {@code liblzma} and its version. */
  public String xzDecoderName() {
    return xzDecoder.name();
  }

  @Override
  public TransferSummary run(TransferRequest request, BlockSink sink, CheckpointListener listener)
      throws IOException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(listener, "listener");
    return new TransferAttempt(settings, allowedSources, memory, xzDecoder, request, sink, listener).run();
  }
}
