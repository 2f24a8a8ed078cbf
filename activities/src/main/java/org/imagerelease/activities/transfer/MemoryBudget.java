package org.imagerelease.activities.transfer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * The memory one worker lets all its transfers hold at once: block buffers, compressed xz
 * blocks waiting for a decoder, decoders' dictionaries. Each transfer asks for what it would like
 * and the least it can work with, gets as much as is free, and sizes its parallelism to that; it
 * waits only when not even its least is free. So eight transfers of 4 MiB blocks fit the same
 * heap as one, each slower, instead of the worker running out of memory.
 */
public final class MemoryBudget {
  private final long total;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private long inUse;
  private long peak;

  public MemoryBudget(long total) {
    if (total <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive, was " + total);
    }
    this.total = total;
  }

  /** The budget for a JVM whose largest heap is {@code maxHeap}: half of it, leaving room for everything else. */
  public static MemoryBudget forHeap(long maxHeap) {
    return new MemoryBudget(Math.max(32L << 20, maxHeap / 2));
  }

  /** What a transfer holds until it closes the grant. */
  public final class Grant implements AutoCloseable {
    private long bytes;

    private Grant(long bytes) {
      this.bytes = bytes;
    }

    public long bytes() {
      return bytes;
    }

    @Override
    public void close() {
      lock.lock();
      try {
        inUse -= bytes;
        bytes = 0;
        released.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Between {@code least} and {@code wanted} bytes, as much as is free; waits up to {@code
   * patience} for {@code least} to be free.
   *
   * @throws MemoryBudgetExhaustedException when even {@code least} did not come free in time
   * @throws ReleaseException {@code CONFIGURATION} when {@code least} is more than the whole budget
   */
  public Grant acquire(long least, long wanted, Duration patience) throws InterruptedException, MemoryBudgetExhaustedException {
    if (least > total) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "A transfer needs at least " + least + " bytes, more than the worker's whole transfer memory budget of " + total
              + "; raise [consumer_config.transfer] memory_budget (or the worker's heap) or lower block_size");
    }
    long deadline = System.nanoTime() + patience.toNanos();
    lock.lock();
    try {
      while (total - inUse < least) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new MemoryBudgetExhaustedException(
              "the worker's transfer memory budget of " + total + " bytes had not " + least + " free for " + patience
                  + "; other transfers hold " + inUse);
        }
        released.await(left, TimeUnit.NANOSECONDS);
      }
      long granted = Math.min(Math.max(least, wanted), total - inUse);
      inUse += granted;
      peak = Math.max(peak, inUse);
      return new Grant(granted);
    } finally {
      lock.unlock();
    }
  }

  public long total() {
    return total;
  }

  /** The most granted at once since the worker started. */
  public long peak() {
    lock.lock();
    try {
      return peak;
    } finally {
      lock.unlock();
    }
  }

  public long inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }
}
