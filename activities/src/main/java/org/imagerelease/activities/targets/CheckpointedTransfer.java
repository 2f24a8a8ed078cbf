package org.imagerelease.activities.targets;

import java.io.IOException;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transfer run as a step of a release: it continues from the last checkpoint an earlier
 * attempt of the step heartbeated, and heartbeats every checkpoint it takes. Whether the
 * destination can go on from there is the sink's to say ({@link BlockSink#begin}). Every target
 * that moves image bytes runs its transfers through here.
 */
public final class CheckpointedTransfer {
  private static final Logger log = LoggerFactory.getLogger(CheckpointedTransfer.class);

  private CheckpointedTransfer() {}

  public static TransferSummary run(ImageTransfer transfer, TransferRequest request, BlockSink sink, Heartbeat heartbeat)
      throws IOException {
    TransferCheckpoint checkpoint =
        heartbeat.lastDetails(TransferCheckpoint.class).filter(c -> c.resume() != null).orElse(null);
    if (checkpoint != null) {
      log.info(
          "Resuming the transfer of {} to {}/{} from its last checkpoint ({} blocks sent, {} zero)",
          request.imageName(),
          request.target(),
          request.location(),
          checkpoint.resume().blocksAccepted(),
          checkpoint.resume().blocksZero());
    }
    return transfer.run(request.resumingFrom(checkpoint), sink, heartbeat::beat);
  }
}
