package org.imagerelease.activities.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;

/** What transfers to one target count as they go; see {@link ReleaseMetrics#transfersTo}. */
public record TransferMeters(
    Counter downloadedBytes, Counter sentBytes, Counter blocksSent, Counter blocksSkipped, DistributionSummary throughput) {}
