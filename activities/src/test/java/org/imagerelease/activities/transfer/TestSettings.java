package org.imagerelease.activities.transfer;

import java.time.Duration;

/** Transfer settings for tests: small blocks, short timeouts, frequent checkpoints. */
public final class TestSettings {

  private int blockSize = 64 * 1024;
  private int sinkParallelism = 4;
  private int decodeThreads = 3;
  private Duration readTimeout = Duration.ofSeconds(2);
  private int maxRetries = 2;
  private long maxDecodedSize = 1L << 30;
  private Duration checkpointInterval = Duration.ofMillis(25);
  private long memoryBudget = 0;
  private ThroughputFloor throughputFloor = ThroughputFloor.none();

  public TestSettings blockSize(int bytes) {
    blockSize = bytes;
    return this;
  }

  public TestSettings decodeThreads(int threads) {
    decodeThreads = threads;
    return this;
  }

  public TestSettings sinkParallelism(int threads) {
    sinkParallelism = threads;
    return this;
  }

  public TestSettings readTimeout(Duration timeout) {
    readTimeout = timeout;
    return this;
  }

  public TestSettings maxDecodedSize(long bytes) {
    maxDecodedSize = bytes;
    return this;
  }

  public TestSettings checkpointInterval(Duration interval) {
    checkpointInterval = interval;
    return this;
  }

  public TestSettings memoryBudget(long bytes) {
    memoryBudget = bytes;
    return this;
  }

  public TestSettings throughputFloor(ThroughputFloor floor) {
    throughputFloor = floor;
    return this;
  }

  public TransferSettings build() {
    return new TransferSettings(blockSize, sinkParallelism, decodeThreads, Duration.ofSeconds(2),
        readTimeout, maxRetries, maxDecodedSize, checkpointInterval, memoryBudget, throughputFloor);
  }
}
