package org.imagerelease.activities.transfer;

import java.time.Duration;

/**
 * Tuning of the transfer pipeline, from configuration.
 *
 * @param blockSize bytes per block handed to sinks that leave the size to the pipeline (the
 *     mirror); a sink that needs its own ({@link SinkNeeds}) gets that
 * @param sinkParallelism how many blocks a sink may be writing at once
 * @param decodeThreads how many multi-block xz blocks are decoded at once
 * @param connectTimeout HTTP connect timeout
 * @param readTimeout longest silence from the source before the read is retried
 * @param maxRetries how many times one attempt re-requests the source (with Range) after an error
 * @param maxDecodedSize upper bound of any decoded image, against decompression bombs
 * @param checkpointInterval how often progress and a checkpoint are reported
 * @param memoryBudget bytes all transfers of the worker may hold at once ({@link MemoryBudget});
 *     0 for half the JVM's largest heap
 * @param throughputFloor the slowest a source may send before its connection is dropped
 */
public record TransferSettings(
    int blockSize,
    int sinkParallelism,
    int decodeThreads,
    Duration connectTimeout,
    Duration readTimeout,
    int maxRetries,
    long maxDecodedSize,
    Duration checkpointInterval,
    long memoryBudget,
    ThroughputFloor throughputFloor) {

  public static final int DEFAULT_BLOCK_SIZE = 512 * 1024;

  public TransferSettings {
    throughputFloor = throughputFloor == null ? ThroughputFloor.defaults() : throughputFloor;
  }

  /** The same settings with another block size: a transfer's, as its sink asked. */
  public TransferSettings withBlockSize(int otherBlockSize) {
    return new TransferSettings(
        otherBlockSize, sinkParallelism, decodeThreads, connectTimeout, readTimeout, maxRetries, maxDecodedSize, checkpointInterval, memoryBudget, throughputFloor);
  }

  /** The same settings with the parallelism a transfer's share of the memory budget allows. */
  public TransferSettings withParallelism(int otherSinkParallelism, int otherDecodeThreads) {
    return new TransferSettings(
        blockSize, otherSinkParallelism, otherDecodeThreads, connectTimeout, readTimeout, maxRetries, maxDecodedSize, checkpointInterval, memoryBudget, throughputFloor);
  }

  /** A budget of {@link #memoryBudget()} bytes, or half the JVM's largest heap when that is 0. */
  public MemoryBudget newMemoryBudget() {
    return memoryBudget > 0 ? new MemoryBudget(memoryBudget) : MemoryBudget.forHeap(Runtime.getRuntime().maxMemory());
  }

  public static TransferSettings defaults() {
    return new TransferSettings(
        DEFAULT_BLOCK_SIZE,
        16,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        5,
        64L << 30,
        Duration.ofSeconds(5),
        0,
        ThroughputFloor.defaults());
  }
}
