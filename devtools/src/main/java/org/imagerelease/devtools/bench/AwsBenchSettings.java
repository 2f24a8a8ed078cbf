package org.imagerelease.devtools.bench;

import java.time.Duration;

/**
 * How the bench's AWS part runs, from the command line.
 *
 * @param parallelism blocks the upload puts at once; the worker's default is {@link
 *     #defaultParallelism}, and at {@code putLatency} it bounds the rate (see {@link
 *     #ceilingPutsPerSecond})
 * @param defaultParallelism what {@code [consumer_config.aws.upload] parallelism} defaults to,
 *     reported beside the one used
 * @param putLatency added by the local endpoint to every PutSnapshotBlock, as AWS takes about
 *     100 ms per put
 * @param putsPerSecondCap PutSnapshotBlock requests per second per snapshot the endpoint allows,
 *     as AWS does (1000)
 * @param checkpointInterval how often the upload takes a checkpoint
 * @param killAt share of the image's data blocks put when the first upload of the kill run is
 *     killed
 * @param source what is uploaded: the .xz a release reads, or the image uncompressed
 * @param https whether the endpoint speaks HTTPS, as AWS does: the SDK then sends each block's
 *     payload unsigned (as to AWS) and encrypts it, and the endpoint, on the same cores, decrypts
 *     it; over plain http the SDK hashes every block once more to sign its payload
 */
public record AwsBenchSettings(
    int parallelism,
    int defaultParallelism,
    Duration putLatency,
    int putsPerSecondCap,
    Duration checkpointInterval,
    double killAt,
    AwsSource source,
    boolean https) {

  public AwsBenchSettings {
    if (parallelism < 1 || parallelism > 256) {
      throw new IllegalArgumentException("--aws-parallelism must be between 1 and 256 (the configuration's limits), was " + parallelism);
    }
    if (putLatency.isNegative() || putsPerSecondCap < 1) {
      throw new IllegalArgumentException("--aws-put-latency must not be negative and --aws-puts-per-second must be positive");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("--checkpoint-interval must be positive");
    }
    if (killAt <= 0 || killAt >= 1) {
      throw new IllegalArgumentException("--kill-at must be between 0 and 1, was " + killAt);
    }
  }

  /**
   * The most puts per second the setup allows: each of {@code parallelism} senders puts one
   * block per {@code putLatency}, and the endpoint takes no more than its cap.
   */
  public double ceilingPutsPerSecond() {
    if (putLatency.isZero()) {
      return putsPerSecondCap;
    }
    return Math.min(putsPerSecondCap, parallelism * 1e9 / putLatency.toNanos());
  }
}
