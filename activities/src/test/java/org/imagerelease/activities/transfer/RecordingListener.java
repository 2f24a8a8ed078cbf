package org.imagerelease.activities.transfer;

import java.util.ArrayList;
import java.util.List;

/** Keeps every checkpoint; can play a cancelled activity by throwing on the n-th one. */
final class RecordingListener implements CheckpointListener {

  /** What a heartbeat throws when the activity was cancelled. */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled(int checkpoint) {
      super("activity cancelled at checkpoint " + checkpoint);
    }
  }

  private final int throwAt;
  private final List<TransferCheckpoint> checkpoints = new ArrayList<>();

  private RecordingListener(int throwAt) {
    this.throwAt = throwAt;
  }

  static RecordingListener recording() {
    return new RecordingListener(-1);
  }

  /** Records checkpoints and throws {@link Cancelled} once the n-th one (from 1) arrives. */
  static RecordingListener cancellingAt(int checkpoint) {
    return new RecordingListener(checkpoint);
  }

  @Override
  public synchronized void onCheckpoint(TransferCheckpoint checkpoint) {
    checkpoints.add(checkpoint);
    if (checkpoints.size() == throwAt) {
      throw new Cancelled(throwAt);
    }
  }

  synchronized List<TransferCheckpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }

  synchronized TransferCheckpoint last() {
    return checkpoints.get(checkpoints.size() - 1);
  }
}
