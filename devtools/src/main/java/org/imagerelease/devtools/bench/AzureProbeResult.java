package org.imagerelease.devtools.bench;

import java.util.Map;

/**
 * What one Azure upload in a child JVM measured; the child prints it as one JSON line.
 *
 * @param parallelism Put Page requests in flight at once
 * @param requestsPerSecond most Put Page requests started per second
 * @param transferNanos wall time of the upload step, from making the container to the blob's
 *     metadata written; the JVM's start-up is not in it
 * @param decodedBytes bytes of the decoded VHD, footer included
 * @param blocksWritten decoded blocks with data handed to the page blob sink
 * @param blocksZero all-zero decoded blocks skipped
 * @param putPageRequests Put Page requests Blob storage answered 201
 * @param pagesSent 512-byte pages those requests wrote
 * @param blobSize the page blob's size afterwards
 * @param blobMetadata the page blob's metadata afterwards
 * @param peakRssBytes the child's peak resident set size (VmHWM), -1 where /proc has none
 * @param peakHeapBytes most heap in use at any moment
 * @param maxHeapBytes the heap's limit (-Xmx)
 */
public record AzureProbeResult(
    int parallelism,
    int requestsPerSecond,
    long transferNanos,
    long decodedBytes,
    long blocksWritten,
    long blocksZero,
    long putPageRequests,
    long pagesSent,
    long blobSize,
    Map<String, String> blobMetadata,
    long peakRssBytes,
    long peakHeapBytes,
    long maxHeapBytes) {

  public AzureProbeResult {
    blobMetadata = Map.copyOf(blobMetadata);
  }

  public double transferSeconds() {
    return transferNanos / 1e9;
  }
}
