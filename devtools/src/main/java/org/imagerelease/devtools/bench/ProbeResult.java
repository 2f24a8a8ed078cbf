package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one run of the pipeline in a child JVM measured; the child prints it as one JSON line.
 *
 * @param row which sink the transfers went into
 * @param transfers how many transfers of the file ran at once; the block counts are one
 *     transfer's, the memory figures the whole process's
 * @param transferNanos wall time of the transfers alone, from the requests to the last completed
 *     sink; the JVM's start-up is not in it (a worker's JVM is already running)
 * @param eachTransferNanos each transfer's own wall time when several ran at once; null for one
 * @param compressedBytes bytes read from the server
 * @param decodedBytes bytes the image decoded to
 * @param blocksSeen blocks of the decoded image
 * @param blocksWritten non-zero blocks the sink accepted
 * @param blocksZero all-zero blocks the pipeline skipped
 * @param blocksAcceptedBySink what the sinks themselves counted, over all transfers: {@code
 *     transfers * blocksWritten}
 * @param peakRssBytes the child's peak resident set size (VmHWM), -1 where /proc has none
 * @param peakHeapBytes most heap in use at any moment: the largest of the heap before each
 *     collection and at the end
 * @param liveHeapBytes most heap still in use after any collection: what the transfer kept alive
 * @param maxHeapBytes the heap's limit (-Xmx)
 * @param garbageCollectors the collectors the child ran with
 * @param decodeThreads xz blocks decoded at once
 * @param decodedSha256 SHA-256 of the decoded image, only when the run wrote it out to check it
 * @param xzDecoder which library decoded the xz, e.g. {@code liblzma 5.4.1} or {@code xz-java}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeResult(
    BenchRow row,
    int transfers,
    long transferNanos,
    List<Long> eachTransferNanos,
    long compressedBytes,
    long decodedBytes,
    long blocksSeen,
    long blocksWritten,
    long blocksZero,
    long blocksAcceptedBySink,
    long peakRssBytes,
    long peakHeapBytes,
    long liveHeapBytes,
    long maxHeapBytes,
    List<String> garbageCollectors,
    int decodeThreads,
    String decodedSha256,
    String xzDecoder) {

  public ProbeResult {
    garbageCollectors = List.copyOf(garbageCollectors);
    eachTransferNanos = eachTransferNanos == null ? null : List.copyOf(eachTransferNanos);
  }

  public double transferSeconds() {
    return transferNanos / 1e9;
  }
}
