package org.imagerelease.activities.transfer;

/**
 * Receives the pipeline's periodic checkpoints, after the sink flushed the blocks they name.
 * An activity heartbeats them; throwing (e.g. because the activity was cancelled) stops the
 * transfer.
 */
@FunctionalInterface
public interface CheckpointListener {
  void onCheckpoint(TransferCheckpoint checkpoint);
}
