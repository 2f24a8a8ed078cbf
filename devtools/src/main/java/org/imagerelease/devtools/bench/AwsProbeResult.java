package org.imagerelease.devtools.bench;

/**
 * What one upload in a child JVM measured; the child prints it as one JSON line.
 *
 * @param parallelism blocks it put at once
 * @param transferNanos wall time of the upload step, from the preflight to the completed
 *     snapshot; the JVM's start-up is not in it
 * @param blocksWritten non-zero blocks the snapshot holds by its last checkpoint, an earlier
 *     attempt's included
 * @param blocksZero all-zero blocks skipped
 * @param resumedFromBlocks blocks the checkpoint it resumed from had put; 0 for a fresh upload
 * @param checkpoints checkpoints it wrote
 * @param peakRssBytes the child's peak resident set size (VmHWM), -1 where /proc has none
 * @param peakHeapBytes most heap in use at any moment
 * @param liveHeapBytes most heap still in use after any collection
 * @param maxHeapBytes the heap's limit (-Xmx)
 */
public record AwsProbeResult(
    int parallelism,
    long transferNanos,
    long blocksWritten,
    long blocksZero,
    long resumedFromBlocks,
    int checkpoints,
    long peakRssBytes,
    long peakHeapBytes,
    long liveHeapBytes,
    long maxHeapBytes) {

  public double transferSeconds() {
    return transferNanos / 1e9;
  }
}
