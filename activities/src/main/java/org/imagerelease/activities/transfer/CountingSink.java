package org.imagerelease.activities.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A sink that stores nothing and counts what it is given: for measuring the pipeline on its own,
 * and for tests. Thread-safe. Optionally logs the number of every accepted block, in the order
 * the blocks arrived.
 */
public final class CountingSink implements BlockSink {

  private final boolean keepAcceptLog;
  private final boolean wantsBlockDigests;
  private final AtomicLong blocksAccepted = new AtomicLong();
  private final AtomicLong bytesAccepted = new AtomicLong();
  private final AtomicInteger flushes = new AtomicInteger();
  private final List<Long> acceptLog = new ArrayList<>();
  private volatile ImageShape shape;
  private volatile TransferSummary summary;

  /** Counts only; asks for no per-block digests. */
  public CountingSink() {
    this(false, false);
  }

  /**
   * @param keepAcceptLog whether to remember every accepted block number
   * @param wantsBlockDigests whether the pipeline should compute per-block SHA-256 for this sink
   */
  public CountingSink(boolean keepAcceptLog, boolean wantsBlockDigests) {
    this.keepAcceptLog = keepAcceptLog;
    this.wantsBlockDigests = wantsBlockDigests;
  }

  @Override
  public SinkNeeds needs() {
    return new SinkNeeds(0, wantsBlockDigests, false);
  }

  @Override
  public boolean begin(ImageShape shape) {
    this.shape = shape;
    return true;
  }

  @Override
  public void accept(Block block) {
    blocksAccepted.incrementAndGet();
    bytesAccepted.addAndGet(block.length());
    if (keepAcceptLog) {
      synchronized (acceptLog) {
        acceptLog.add(block.index());
      }
    }
  }

  /** Nothing to resume: everything it was given is counted already. */
  @Override
  public String checkpoint() {
    flushes.incrementAndGet();
    return "";
  }

  @Override
  public void complete(TransferSummary summary) {
    this.summary = summary;
  }

  public long blocksAccepted() {
    return blocksAccepted.get();
  }

  public long bytesAccepted() {
    return bytesAccepted.get();
  }

  /** All-zero blocks the pipeline skipped, as the completed transfer reported; 0 before that. */
  public long zeroBlocksSkipped() {
    TransferSummary completed = summary;
    return completed == null ? 0 : completed.blocksZero();
  }

  /** How many checkpoints were taken. */
  public int flushes() {
    return flushes.get();
  }

  /** What {@link #begin} was told, or null before it was called. */
  public ImageShape shape() {
    return shape;
  }

  /** The summary {@link #complete} received; empty until then. */
  public Optional<TransferSummary> completion() {
    return Optional.ofNullable(summary);
  }

  /** Accepted block numbers in arrival order; empty unless the log was asked for. */
  public List<Long> acceptLog() {
    synchronized (acceptLog) {
      return List.copyOf(acceptLog);
    }
  }
}
