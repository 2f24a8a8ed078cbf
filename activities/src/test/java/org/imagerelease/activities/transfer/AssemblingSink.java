package org.imagerelease.activities.transfer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sink that writes the blocks into an in-memory image, like a fresh disk that reads unwritten
 * blocks as zero, and remembers what happened to it. The same sink carries on across attempts,
 * as an EBS snapshot or a page blob would.
 */
final class AssemblingSink implements BlockSink {

  private final byte[] disk;
  private final boolean wantsDigests;
  private final List<Long> accepted = new ArrayList<>();
  private final List<byte[]> digests = new ArrayList<>();
  private final Set<Long> acceptedThisAttempt = new HashSet<>();
  private final AtomicInteger completions = new AtomicInteger();
  private final AtomicInteger flushes = new AtomicInteger();
  private final List<ImageShape> shapes = new ArrayList<>();
  private volatile TransferSummary summary;
  private volatile long acceptDelayMillis;
  private volatile int failAfterAccepts = -1;
  private final AtomicInteger acceptsLeftBeforeFailure = new AtomicInteger();
  private final AtomicInteger acceptsBeforeHold = new AtomicInteger(Integer.MAX_VALUE);
  private volatile CountDownLatch held = new CountDownLatch(0);
  private volatile int blockSize;
  private volatile boolean refusesResume;
  private volatile boolean needsSizeUpFront;
  private final List<Long> zeroSkips = new ArrayList<>();

  AssemblingSink(int capacity) {
    this(capacity, false);
  }

  AssemblingSink(int capacity, boolean wantsDigests) {
    this.disk = new byte[capacity];
    this.wantsDigests = wantsDigests;
  }

  /** Asks the pipeline for blocks of this size rather than its configured one. */
  AssemblingSink withBlockSize(int size) {
    this.blockSize = size;
    return this;
  }

  /** Creates its destination with the image's size, as an EBS snapshot or a page blob does. */
  AssemblingSink needingSizeUpFront() {
    this.needsSizeUpFront = true;
    return this;
  }

  /** Cannot go on from a checkpoint, as a sink whose destination is gone. */
  AssemblingSink refusingResume() {
    this.refusesResume = true;
    return this;
  }

  /** Slows every accept, so a transfer takes long enough to checkpoint on the way. */
  AssemblingSink slowedBy(long millis) {
    this.acceptDelayMillis = millis;
    return this;
  }

  /**
   * Lets {@code count} more accepts through, then holds every further one until
   * {@link #release()} or until the pipeline interrupts it: a sink that hangs.
   */
  void holdAfter(int count) {
    held = new CountDownLatch(1);
    acceptsBeforeHold.set(count);
  }

  void release() {
    held.countDown();
  }

  /** Fails the accept after {@code count} more have succeeded. */
  void failAfter(int count) {
    acceptsLeftBeforeFailure.set(count);
    failAfterAccepts = count;
  }

  @Override
  public SinkNeeds needs() {
    return new SinkNeeds(blockSize, wantsDigests, needsSizeUpFront);
  }

  @Override
  public synchronized boolean begin(ImageShape shape) {
    shapes.add(shape);
    acceptedThisAttempt.clear();
    return !refusesResume;
  }

  @Override
  public synchronized void skipZero(long index) {
    zeroSkips.add(index);
  }

  @Override
  public void accept(Block block) throws IOException {
    if (failAfterAccepts >= 0 && acceptsLeftBeforeFailure.getAndDecrement() <= 0) {
      throw new IOException("sink failure injected at block " + block.index());
    }
    if (acceptsBeforeHold.getAndDecrement() <= 0) {
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("held sink interrupted at block " + block.index());
      }
    }
    if (block.bytes().length != blockSizeOf(block)) {
      throw new IllegalStateException("block buffer is not block-sized");
    }
    sleep(acceptDelayMillis);
    int offset = (int) block.offset();
    System.arraycopy(block.bytes(), 0, disk, offset, block.length());
    synchronized (this) {
      if (!acceptedThisAttempt.add(block.index())) {
        throw new IllegalStateException("block " + block.index() + " accepted twice");
      }
      accepted.add(block.index());
      digests.add(block.sha256());
    }
  }

  /** The state is how many checkpoints were taken, so a test can see it come back. */
  @Override
  public String checkpoint() {
    return "assembling:" + flushes.incrementAndGet();
  }

  @Override
  public void complete(TransferSummary summary) {
    this.summary = summary;
    completions.incrementAndGet();
  }

  byte[] image(long size) {
    return Arrays.copyOf(disk, (int) size);
  }

  synchronized List<Long> accepted() {
    return List.copyOf(accepted);
  }

  synchronized List<byte[]> digests() {
    return new ArrayList<>(digests);
  }

  synchronized List<Long> zeroSkips() {
    return List.copyOf(zeroSkips);
  }

  synchronized List<ImageShape> shapes() {
    return List.copyOf(shapes);
  }

  int completions() {
    return completions.get();
  }

  int flushes() {
    return flushes.get();
  }

  TransferSummary summary() {
    return summary;
  }

  private int blockSizeOf(Block block) {
    synchronized (this) {
      return shapes.get(shapes.size() - 1).blockSize();
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
