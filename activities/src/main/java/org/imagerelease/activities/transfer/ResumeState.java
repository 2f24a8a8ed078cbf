package org.imagerelease.activities.transfer;

/**
 * What a retried attempt needs to continue an interrupted transfer: which blocks need nothing
 * more, and how far the source was hashed, so it neither hands the sink a block again nor
 * downloads again what it already hashed. Stays a few hundred bytes for any image size: blocks are
 * settled nearly in order, so {@code doneBlocks} is a prefix plus the few blocks in flight.
 *
 * @param blockSize bytes per block the block numbers refer to
 * @param doneBlocks blocks accepted by the sink and flushed, or all-zero (never sent), as merged
 *     inclusive ranges such as {@code "0-99,101,120-130"}; a resumed attempt never hands the sink
 *     any of them
 * @param blocksAccepted how many of {@code doneBlocks} the sink accepted
 * @param blocksZero how many of {@code doneBlocks} were all-zero
 * @param hashedBytes length of the source prefix that {@code sha256State} covers
 * @param sha256State SHA-256 midstate over the first {@code hashedBytes} source bytes, as
 *     {@code sha256:<bytes>:<8 hex words>:<unhashed tail in hex>}; null when there is none, and
 *     a resumed attempt hashes from the start
 * @param sinkState the sink's own state covering at least {@code doneBlocks} (e.g. the snapshot
 *     id and the running checksum over the blocks sent), as {@link BlockSink#checkpoint}
 *     returned it; empty from a sink that has none or a checkpoint written before sinks had any
 */
public record ResumeState(
    int blockSize,
    String doneBlocks,
    long blocksAccepted,
    long blocksZero,
    long hashedBytes,
    String sha256State,
    String sinkState) {
  public ResumeState {
    doneBlocks = doneBlocks == null ? "" : doneBlocks;
    sinkState = sinkState == null ? "" : sinkState;
  }
}
