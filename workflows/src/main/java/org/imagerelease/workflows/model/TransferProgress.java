package org.imagerelease.workflows.model;

/**
 * Progress of one image transfer, carried in the activity's heartbeat so {@code watch} can draw
 * a progress bar from Temporal's pending-activity view.
 *
 * @param target release target
 * @param location where the image is going
 * @param imageName image file name
 * @param compressedBytesDone compressed bytes read and hashed
 * @param compressedBytesTotal compressed size from the compose metadata
 * @param blocksAccepted data blocks the destination confirmed
 * @param blocksSkipped all-zero blocks that need not be sent
 * @param resumes how many times the transfer went on from a checkpoint after its attempt ended
 *     (a killed worker, a failed download)
 * @param bytesReadAgain source bytes earlier attempts had read, as far as their checkpoints
 *     knew, that later attempts read again: what resuming could not save
 */
public record TransferProgress(
    String target,
    String location,
    String imageName,
    long compressedBytesDone,
    long compressedBytesTotal,
    long blocksAccepted,
    long blocksSkipped,
    long resumes,
    long bytesReadAgain) {

  /** Progress of a transfer never resumed. */
  public TransferProgress(
      String target, String location, String imageName, long compressedBytesDone, long compressedBytesTotal, long blocksAccepted,
      long blocksSkipped) {
    this(target, location, imageName, compressedBytesDone, compressedBytesTotal, blocksAccepted, blocksSkipped, 0, 0);
  }

  /** Completed fraction between 0 and 1, by compressed bytes. */
  public double fraction() {
    return compressedBytesTotal <= 0 ? 0 : Math.min(1.0, (double) compressedBytesDone / compressedBytesTotal);
  }
}
