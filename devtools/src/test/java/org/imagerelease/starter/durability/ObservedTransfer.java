package org.imagerelease.starter.durability;

import io.temporal.activity.Activity;
import java.io.IOException;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CheckpointListener;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.SinkNeeds;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.starter.durability.Observation.Kind;

/**
 * The worker's real transfer pipeline, watched: records the checkpoint each upload attempt was
 * given to resume from (as Temporal delivered it), every block the sink accepted, and every
 * checkpoint offered to the heartbeat. It changes nothing the pipeline does.
 */
final class ObservedTransfer implements ImageTransfer {
  private final ImageTransfer pipeline;
  private final ObservationLog log;

  ObservedTransfer(ImageTransfer pipeline, ObservationLog log) {
    this.pipeline = pipeline;
    this.log = log;
  }

  @Override
  public TransferSummary run(TransferRequest request, BlockSink sink, CheckpointListener listener)
      throws IOException {
    int attempt = Activity.getExecutionContext().getInfo().getAttempt();
    log.record(attempt, Kind.RESUMED, doneBlocksOf(request.resumeFrom()));
    CheckpointListener recordingListener =
        checkpoint -> {
          // Recorded before the heartbeat sees it, so no checkpoint Temporal could hand a later
          // attempt is missing from the log, even if the process dies right after the heartbeat.
          log.record(attempt, Kind.CHECKPOINTED, doneBlocksOf(checkpoint));
          listener.onCheckpoint(checkpoint);
        };
    try {
      TransferSummary summary = pipeline.run(request, new RecordingSink(sink, attempt, request.target() + " " + request.location().replace(' ', '_') + " " + request.imageName()), recordingListener);
      log.record(attempt, Kind.TRANSFERRED, summary.blocksWritten() + "-written");
      return summary;
    } catch (IOException | RuntimeException | Error e) {
      log.record(attempt, Kind.FAILED, e.getClass().getSimpleName());
      throw e;
    }
  }

  private static String doneBlocksOf(TransferCheckpoint checkpoint) {
    if (checkpoint == null || checkpoint.resume() == null || checkpoint.resume().doneBlocks().isEmpty()) {
      return Observation.NONE;
    }
    return checkpoint.resume().doneBlocks();
  }

  /** Records a block once the real sink's accept returned, the moment it counts as accepted. */
  private final class RecordingSink implements BlockSink {
    private final BlockSink sink;
    private final int attempt;
    private final String upload;

    RecordingSink(BlockSink sink, int attempt, String upload) {
      this.sink = sink;
      this.attempt = attempt;
      this.upload = upload;
    }

    @Override
    public SinkNeeds needs() {
      return sink.needs();
    }

    @Override
    public boolean begin(ImageShape shape) throws IOException {
      return sink.begin(shape);
    }

    @Override
    public void skipZero(long index) throws IOException {
      sink.skipZero(index);
    }

    @Override
    public void accept(Block block) throws IOException {
      sink.accept(block);
      log.record(attempt, Kind.ACCEPTED, block.index() + " " + block.length() + " " + upload);
    }

    @Override
    public String checkpoint() throws IOException {
      return sink.checkpoint();
    }

    @Override
    public void complete(TransferSummary summary) throws IOException {
      sink.complete(summary);
    }
  }
}
