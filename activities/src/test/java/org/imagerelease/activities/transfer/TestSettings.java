package org.imagerelease.activities.transfer;

import java.time.Duration;

/** Transfer settings for tests: small blocks, short timeouts, frequent checkpoints. */
final class TestSettings {

  private int blockSize = 64 * 1024;
  private int sinkParallelism = 4;
  private int decodeThreads = 3;
  private Duration readTimeout = Duration.ofSeconds(2);
  private int maxRetries = 2;
  private long maxDecodedSize = 1L << 30;
  private Duration checkpointInterval = Duration.ofMillis(25);

  TestSettings blockSize(int bytes) {
    blockSize = bytes;
    return this;
  }

  TestSettings decodeThreads(int threads) {
    decodeThreads = threads;
    return this;
  }

  TestSettings sinkParallelism(int threads) {
    sinkParallelism = threads;
    return this;
  }

  TestSettings readTimeout(Duration timeout) {
    readTimeout = timeout;
    return this;
  }

  TestSettings maxDecodedSize(long bytes) {
    maxDecodedSize = bytes;
    return this;
  }

  TestSettings checkpointInterval(Duration interval) {
    checkpointInterval = interval;
    return this;
  }

  TransferSettings build() {
    return new TransferSettings(blockSize, sinkParallelism, decodeThreads, Duration.ofSeconds(2),
        readTimeout, maxRetries, maxDecodedSize, checkpointInterval);
  }
}
