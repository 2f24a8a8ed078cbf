package org.imagerelease.activities.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * The project's own meters, named {@code image_release_*} once exported, counted where they
 * happen. They live in Micrometer's global registry: the code that counts (transfers, consumer,
 * events) is deep below the one wiring place, and a process without a monitoring server (tests,
 * CLI calls) then counts into nothing. The monitoring server adds its Prometheus registry to it.
 */
public final class ReleaseMetrics {
  static final String PREFIX = "image_release.";

  private ReleaseMetrics() {}

  /** The registry every project meter is registered in. */
  public static CompositeMeterRegistry registry() {
    return Metrics.globalRegistry;
  }

  /** The counters of transfers to one target. */
  public static TransferMeters transfersTo(String target) {
    return new TransferMeters(
        Counter.builder(PREFIX + "transfer.downloaded").baseUnit("bytes").description("Image source bytes read (compressed)").tag("target", target).register(registry()),
        Counter.builder(PREFIX + "transfer.sent").baseUnit("bytes").description("Decoded image bytes handed to the target").tag("target", target).register(registry()),
        Counter.builder(PREFIX + "transfer.blocks.sent").description("Blocks (AWS) or pages (Azure) or chunks sent to the target").tag("target", target).register(registry()),
        Counter.builder(PREFIX + "transfer.blocks.skipped").description("All-zero blocks never sent").tag("target", target).register(registry()),
        DistributionSummary.builder(PREFIX + "transfer.throughput")
            .baseUnit("bytes_per_second")
            .description("Decoded bytes per second of each finished transfer attempt")
            .tag("target", target)
            .register(registry()));
  }

  /** A release ended: {@code outcome} is released or not_released, as the end event says. */
  public static void releaseEnded(String outcome) {
    Counter.builder(PREFIX + "releases.ended").description("Releases that ended, by outcome").tag("outcome", outcome).register(registry()).increment();
  }

  /** One image copy made public at a location of {@code target}. */
  public static void imagePublished(String target) {
    Counter.builder(PREFIX + "images.published").description("Image copies made public, by target").tag("target", target).register(registry()).increment();
  }

  /** A bus message was handled and acknowledged. */
  public static void messageConsumed() {
    Counter.builder(PREFIX + "messages.consumed").description("Bus messages acknowledged after handling").register(registry()).increment();
  }

  /** A bus message was rejected without requeue: to the queue's dead-letter exchange when it has one. */
  public static void messageRejected(String reason) {
    Counter.builder(PREFIX + "messages.rejected").description("Bus messages rejected without requeue (dead-lettered when the queue has a dead-letter exchange)").tag("reason", reason).register(registry()).increment();
  }

  /** A rejected message went to its queue's dead-letter exchange, where it waits for {@code image-release dead}. */
  public static void messageDeadLettered() {
    Counter.builder(PREFIX + "messages.dead_lettered").description("Rejected bus messages whose queue dead-letters them").register(registry()).increment();
  }

  /** A handling failed for now; the message stays unacknowledged and is tried again. */
  public static void messageRetried() {
    Counter.builder(PREFIX + "messages.retried").description("Attempts at a bus message that failed for now (Temporal down) and are retried").register(registry()).increment();
  }

  /** A call of a cloud API, by operation (e.g. PutSnapshotBlock), and whether the cloud throttled it. */
  public static void cloudCall(String cloud, String operation, boolean throttled) {
    Counter.builder(PREFIX + "cloud.api.calls").description("Cloud API calls, by cloud and operation").tags("cloud", cloud, "operation", operation).register(registry()).increment();
    if (throttled) {
      Counter.builder(PREFIX + "cloud.api.throttles").description("Cloud API calls the cloud throttled, by cloud and operation").tags("cloud", cloud, "operation", operation).register(registry()).increment();
    }
  }
}
