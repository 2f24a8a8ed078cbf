package org.imagerelease.activities.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Keeps every checkpoint; can play a cancelled activity by throwing on the n-th one. */
final class RecordingListener implements CheckpointListener {

  /** What a heartbeat throws when the activity was cancelled. */
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled(int checkpoint) {
      super("activity cancelled at checkpoint " + checkpoint);
    }
  }

  private final Predicate<List<TransferCheckpoint>> cancelWhen;
  private final List<TransferCheckpoint> checkpoints = new ArrayList<>();

  private RecordingListener(Predicate<List<TransferCheckpoint>> cancelWhen) {
    this.cancelWhen = cancelWhen;
  }

  static RecordingListener recording() {
    return new RecordingListener(all -> false);
  }

  /** Records checkpoints and throws {@link Cancelled} once the n-th one (from 1) arrives. */
  static RecordingListener cancellingAt(int checkpoint) {
    return new RecordingListener(all -> all.size() == checkpoint);
  }

  /** Records checkpoints and throws {@link Cancelled} at the first one that claims the blocks. */
  static RecordingListener cancellingOnceAccepted(long blocks) {
    return new RecordingListener(
        all -> all.get(all.size() - 1).progress().blocksAccepted() >= blocks);
  }

  @Override
  public synchronized void onCheckpoint(TransferCheckpoint checkpoint) {
    checkpoints.add(checkpoint);
    if (cancelWhen.test(checkpoints)) {
      throw new Cancelled(checkpoints.size());
    }
  }

  synchronized List<TransferCheckpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }

  synchronized TransferCheckpoint last() {
    return checkpoints.get(checkpoints.size() - 1);
  }
}
