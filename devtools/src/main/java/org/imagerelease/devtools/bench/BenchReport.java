package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code image-release bench} measured; {@code --json} prints it as is, the table shows the
 * same figures. Sizes are bytes, times seconds, throughput MiB/s.
 *
 * @param machine where it ran
 * @param setup how it ran: options, commands, the child JVM
 * @param image the generated image behind the two files
 * @param files the multi-block file and the single-block one, each compared in every row
 * @param target whether the pipeline is at least as fast as the native tools in every comparison
 * @param concurrent several transfers at once in one child JVM, per file, with {@code --concurrent}
 * @param rssBySize peak memory of one transfer per image size, with {@code --rss-sizes}
 * @param aws the AWS target's upload into the local AWS endpoint, with {@code --target aws} or
 *     {@code all}; the fields before it are null (files empty) with {@code --target aws}
 * @param azure the Azure target's page blob upload into local Blob storage beside the mirror's
 *     work on the same file, with {@code --target azure} or {@code all}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(
    Machine machine,
    Setup setup,
    Image image,
    List<FileResult> files,
    Target target,
    List<Concurrent> concurrent,
    List<RssAtSize> rssBySize,
    AwsResult aws,
    AzureResult azure) {

  public BenchReport {
    files = List.copyOf(files);
    concurrent = concurrent == null ? null : List.copyOf(concurrent);
    rssBySize = rssBySize == null ? null : List.copyOf(rssBySize);
  }

  /** Whether every decoded image and every hash the native side printed checked out. */
  public boolean decodedImagesAgree() {
    return files.stream().allMatch(FileResult::decodedImageAgrees);
  }

  /** Whether every snapshot the AWS part uploaded was completed, its blocks and LINEAR checksum accepted. */
  public boolean snapshotsCompleted() {
    return aws == null || aws.snapshotsCompleted();
  }

  /** Whether every page blob the Azure part uploaded holds the whole image: its size and decoded SHA-256. */
  public boolean blobsComplete() {
    return azure == null || azure.runs().stream().allMatch(AzureRun::blobComplete);
  }

  /**
   * @param cores processors the JVM sees
   * @param os name and version
   * @param arch CPU architecture
   * @param memoryBytes physical memory
   * @param javaVersion the runtime's version
   * @param javaVm the VM's name
   * @param xzVersion the machine's xz, or null
   * @param curlVersion the machine's curl, or null
   * @param sha256Tool what hashes in the native pipelines, e.g. {@code openssl}
   * @param sha256ToolVersion its version, or null
   * @param loadAverageAtStart 1-minute load average before measuring; other work skews results
   * @param loadAverageAtEnd the same at the end
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Machine(
      int cores,
      String os,
      String arch,
      long memoryBytes,
      String javaVersion,
      String javaVm,
      String xzVersion,
      String curlVersion,
      String sha256Tool,
      String sha256ToolVersion,
      double loadAverageAtStart,
      double loadAverageAtEnd) {}

  /**
   * @param runs timed runs of each side per file
   * @param decodeThreads xz blocks the pipeline decodes at once
   * @param blockSize bytes per block the pipeline hands its sink
   * @param rows what each side does in each row
   * @param timing what the pipeline's time covers
   * @param childJavaOptions options of the child JVM that runs each transfer
   * @param childCommand one child's whole command line (the cloud sink row's, on the multi-block file)
   * @param nativeSkipped why the native pipeline was not timed, or null
   * @param order how the runs were interleaved
   * @param workDirectory the image cache
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Setup(
      int runs,
      int decodeThreads,
      int blockSize,
      List<RowSetup> rows,
      String timing,
      List<String> childJavaOptions,
      String childCommand,
      String nativeSkipped,
      String order,
      String workDirectory) {

    public Setup {
      rows = List.copyOf(rows);
      childJavaOptions = List.copyOf(childJavaOptions);
    }
  }

  /**
   * @param row which comparison
   * @param oursSink the sink our pipeline fills in it
   * @param nativeCommand the native pipeline as timed (under {@code bash -c}, with pipefail) on
   *     the multi-block file, or null when it was not timed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RowSetup(BenchRow row, String oursSink, String nativeCommand) {}

  /**
   * @param virtualSize bytes of the raw image
   * @param dataFraction share of it that holds data
   * @param dataBytes bytes of data; the rest are zeros (holes)
   * @param seed what made its bytes
   * @param cacheDirectory where the files are kept
   * @param fromCache whether this run found them there
   * @param preparationSeconds how long making them took in this run; 0 when cached
   * @param createdAt when they were made
   * @param cached whether they are kept for the next run; the raw image of the AWS part alone is
   *     written for each run and deleted after it
   */
  public record Image(
      long virtualSize,
      double dataFraction,
      long dataBytes,
      long seed,
      String cacheDirectory,
      boolean fromCache,
      double preparationSeconds,
      String createdAt,
      boolean cached) {}

  /**
   * One file, every row.
   *
   * @param layout multi-block or single-block
   * @param url where the loopback server served it
   * @param compressedSize bytes of the .xz file
   * @param decodedSize bytes it decodes to
   * @param xzBlocks blocks in the .xz file
   * @param compressedWith what made it
   * @param check the decoded image of one untimed run, checked against the raw image; null with --no-check
   * @param rows the pipeline row, then the cloud sink row
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileResult(
      XzLayoutKind layout,
      String url,
      long compressedSize,
      long decodedSize,
      int xzBlocks,
      String compressedWith,
      Check check,
      List<Comparison> rows) {

    public FileResult {
      rows = List.copyOf(rows);
    }

    /** The comparison of one row. */
    public Comparison row(BenchRow row) {
      return rows.stream().filter(each -> each.row() == row).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + row.label() + " row for the " + layout.label() + " file"));
    }

    boolean decodedImageAgrees() {
      return (check == null || check.agrees())
          && rows.stream().allMatch(each -> each.nativePipeline() == null || each.nativePipeline().sha256Agrees());
    }
  }

  /**
   * One row of one file: both sides doing the same work, timed alternately.
   *
   * @param row which work
   * @param ours the pipeline's timed runs
   * @param nativePipeline the native pipeline's timed runs, or null
   * @param ratioToNative native median / ours median: at least 1.0 means ours is as fast or
   *     faster; null without native runs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Comparison(BenchRow row, Ours ours, Native nativePipeline, Double ratioToNative) {}

  /**
   * The pipeline's runs of one file, each in a fresh child JVM.
   *
   * @param seconds transfer time, JVM start-up excluded
   * @param processSeconds the child process's whole life, JVM start-up included
   * @param decodedMiBPerSecond decoded bytes over the median time
   * @param compressedMiBPerSecond compressed bytes over the median time
   * @param blocksSeen blocks of the decoded image
   * @param blocksWritten non-zero blocks handed to the sink
   * @param blocksZero all-zero blocks skipped
   * @param peakRssBytes the highest peak RSS of any run
   * @param peakHeapBytes the most heap in use in any run, garbage included
   * @param liveHeapBytes the most heap still in use after a collection in any run
   * @param maxHeapBytes the child's heap limit
   * @param garbageCollectors the child's collectors
   * @param runs each run as the child reported it
   */
  public record Ours(
      Spread seconds,
      Spread processSeconds,
      double decodedMiBPerSecond,
      double compressedMiBPerSecond,
      long blocksSeen,
      long blocksWritten,
      long blocksZero,
      long peakRssBytes,
      long peakHeapBytes,
      long liveHeapBytes,
      long maxHeapBytes,
      List<String> garbageCollectors,
      List<ProbeResult> runs) {

    public Ours {
      garbageCollectors = List.copyOf(garbageCollectors);
      runs = List.copyOf(runs);
    }
  }

  /**
   * One untimed run that wrote the decoded image to a sparse file and hashed it.
   *
   * @param expectedSha256 SHA-256 of the raw image the file was compressed from
   * @param decodedSha256 SHA-256 of what the pipeline decoded
   * @param agrees whether they are equal
   * @param blocksSeen blocks of that run
   * @param blocksWritten non-zero blocks of that run
   * @param blocksZero zero blocks of that run
   */
  public record Check(
      String expectedSha256,
      String decodedSha256,
      boolean agrees,
      long blocksSeen,
      long blocksWritten,
      long blocksZero) {}

  /**
   * The native pipeline's runs of one file in one row.
   *
   * @param command what was run
   * @param seconds wall time of the whole pipe
   * @param decodedMiBPerSecond decoded bytes over the median time
   * @param compressedMiBPerSecond compressed bytes over the median time
   * @param compressedSha256 what the compressed file's sha256sum printed in the last run
   * @param decodedSha256 what the decoded image's sha256sum printed in the last run; null in the
   *     pipeline row, which does not hash it
   * @param sha256Agrees whether every run printed the file's and (where hashed) the raw image's SHA-256
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Native(
      String command,
      Spread seconds,
      double decodedMiBPerSecond,
      double compressedMiBPerSecond,
      String compressedSha256,
      String decodedSha256,
      boolean sha256Agrees) {}

  /**
   * @param goal what is aimed at
   * @param ratios native / ours of every comparison; empty without native runs
   * @param met whether every ratio reaches 1.0; null without native runs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Target(String goal, List<Ratio> ratios, Boolean met) {

    public Target {
      ratios = List.copyOf(ratios);
    }
  }

  /** Native median / ours median of one row on one file. */
  public record Ratio(XzLayoutKind layout, BenchRow row, double ratio) {}

  /**
   * Several transfers of one file at once in one child JVM, as that many releases on one worker.
   *
   * @param layout which file
   * @param row which sink each transfer filled
   * @param transfers how many ran at once
   * @param seconds from starting them to the last one completing
   * @param decodedMiBPerSecond decoded bytes of all of them over that time
   * @param eachSeconds each transfer's own time
   * @param peakRssBytes the child's peak RSS, for all of them together
   * @param peakHeapBytes the most heap in use, garbage included
   * @param liveHeapBytes the most heap still in use after a collection
   * @param maxHeapBytes the child's heap limit
   * @param singlePeakRssBytes the peak RSS of one transfer into the same sink, from the timed runs
   */
  public record Concurrent(
      XzLayoutKind layout,
      BenchRow row,
      int transfers,
      double seconds,
      double decodedMiBPerSecond,
      Spread eachSeconds,
      long peakRssBytes,
      long peakHeapBytes,
      long liveHeapBytes,
      long maxHeapBytes,
      long singlePeakRssBytes) {}

  /**
   * Peak memory of one transfer of an image of one size.
   *
   * @param virtualSize bytes of the raw image
   * @param multiBlock the multi-block file's transfer
   * @param singleBlock the single-block file's transfer
   */
  public record RssAtSize(long virtualSize, Memory multiBlock, Memory singleBlock) {}

  /**
   * @param peakRssBytes the child's peak RSS
   * @param peakHeapBytes the most heap it had in use, garbage included
   * @param liveHeapBytes the most heap still in use after a collection
   * @param seconds its transfer time (the median of several runs)
   * @param runs how many runs the memory figures are the maximum of
   */
  public record Memory(long peakRssBytes, long peakHeapBytes, long liveHeapBytes, double seconds, int runs) {}

  /**
   * The AWS target's upload step (preflight, EBS snapshot sink, CompleteSnapshot) in a child JVM,
   * into a local AWS endpoint in the bench's process that holds every put as AWS does.
   *
   * @param endpoint what the endpoint does, in words
   * @param layout which file was uploaded
   * @param parallelism blocks put at once in these runs
   * @param defaultParallelism the worker's default parallelism
   * @param putLatencySeconds added to each PutSnapshotBlock
   * @param putsPerSecondCap the endpoint's per-snapshot limit
   * @param ceilingPutsPerSecond min(parallelism / latency, cap): no run can be faster
   * @param checkpointIntervalSeconds how often the upload took a checkpoint
   * @param childCommand one child's whole command line
   * @param timing what the times cover
   * @param seconds each timed run's upload step, start-up of its clients included
   * @param putWindowSeconds each timed run's time of putting blocks, as the endpoint saw it
   * @param putsPerSecond accepted puts over the put window, per timed run
   * @param laterHalfPutsPerSecond the rate of each timed run's later half of the puts
   * @param runs each timed run
   * @param peakRssBytes the highest peak RSS of any timed run's child
   * @param peakHeapBytes the most heap any of them had in use
   * @param maxHeapBytes the child's heap limit
   * @param killAndResume the run killed midway and resumed
   * @param goal what is aimed at
   * @param putsGoalMet whether the median reaches 900 puts/s
   * @param resentGoalMet whether the kill run re-sent at most 2 % of the blocks
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AwsResult(
      String endpoint,
      AwsSource source,
      int parallelism,
      int defaultParallelism,
      double putLatencySeconds,
      int putsPerSecondCap,
      double ceilingPutsPerSecond,
      double checkpointIntervalSeconds,
      String childCommand,
      String timing,
      Spread seconds,
      Spread putWindowSeconds,
      Spread putsPerSecond,
      Spread laterHalfPutsPerSecond,
      List<AwsRun> runs,
      long peakRssBytes,
      long peakHeapBytes,
      long maxHeapBytes,
      KillAndResume killAndResume,
      String goal,
      boolean putsGoalMet,
      boolean resentGoalMet) {

    public AwsResult {
      runs = List.copyOf(runs);
    }

    boolean snapshotsCompleted() {
      return runs.stream().allMatch(AwsRun::snapshotCompleted) && killAndResume.snapshotCompleted();
    }
  }

  /**
   * One timed upload into a fresh endpoint.
   *
   * @param seconds the upload step's time in the child, from making its SDK clients to the
   *     completed snapshot
   * @param putWindowSeconds from the first accepted put's arrival to the last one's answer
   * @param putsPerSecond accepted puts over the put window
   * @param laterHalfPutsPerSecond the puts answered after the middle one over the time from its
   *     answer to the last one's: the rate once the child JVM's warm-up has passed
   * @param blocksPut PutSnapshotBlock calls the endpoint accepted
   * @param blocksZero all-zero blocks skipped, never sent
   * @param throttled PutSnapshotBlock calls answered RequestThrottledException (the SDK retried them)
   * @param snapshotCompleted whether the endpoint holds the snapshot completed, its block count and
   *     LINEAR checksum accepted
   * @param child what the child reported
   */
  public record AwsRun(
      double seconds,
      double putWindowSeconds,
      double putsPerSecond,
      double laterHalfPutsPerSecond,
      long blocksPut,
      long blocksZero,
      long throttled,
      boolean snapshotCompleted,
      AwsProbeResult child) {}

  /**
   * An upload killed (SIGKILL) once about {@code killAt} of its blocks were put, then resumed by a
   * second child from the last checkpoint the first one wrote, as a retried activity resumes from
   * the last heartbeat.
   *
   * @param killAt share of the blocks put when the kill was sent
   * @param putsAtKill puts the endpoint had answered when the first child was killed
   * @param putsInFlight puts the endpoint answered after the kill: sent before it, held by the
   *     latency; no checkpoint can have covered them
   * @param checkpointedBlocks blocks the last checkpoint of the first child covered, which the
   *     second one did not send again
   * @param resumedFromCheckpoint whether the first child had written a checkpoint at all
   * @param putsByResume puts the second child made
   * @param putsTotal every put the endpoint accepted for the snapshot
   * @param distinctBlocks blocks the snapshot holds: what completion counted
   * @param blocksResent putsTotal - distinctBlocks
   * @param resentPercent blocksResent over distinctBlocks, in percent
   * @param inFlightPercent putsInFlight over distinctBlocks, in percent: the floor no checkpoint
   *     interval lowers
   * @param throttled throttled puts, both children together
   * @param resumeSeconds the second child's upload time
   * @param snapshotCompleted whether the snapshot was completed after the resume
   */
  public record KillAndResume(
      double killAt,
      long putsAtKill,
      long putsInFlight,
      long checkpointedBlocks,
      boolean resumedFromCheckpoint,
      long putsByResume,
      long putsTotal,
      long distinctBlocks,
      long blocksResent,
      double resentPercent,
      double inFlightPercent,
      long throttled,
      double resumeSeconds,
      boolean snapshotCompleted) {}

  /**
   * The Azure target's upload step ({@code PageBlobUpload}: the VHD streamed into a page blob,
   * only its non-zero pages put) in a child JVM, into local Blob storage; and, in the same run,
   * the mirror's work on the same file (fetch, SHA-256, decode into a counting sink) in another
   * child, so the two throughputs compare on the same machine at the same moment.
   *
   * @param storage which Blob storage ran: Azurite (and its version) or the embedded service
   * @param file the fixed VHD uploaded, as the cache describes it
   * @param parallelism Put Page requests in flight at once (the worker's default)
   * @param requestsPerSecond most Put Page requests started per second (the worker's default)
   * @param childCommand one upload child's whole command line
   * @param timing what the times cover
   * @param seconds each run's upload step
   * @param miBPerSecond decoded bytes over the median upload time
   * @param mirrorSeconds each run's mirror transfer of the same file
   * @param mirrorMiBPerSecond decoded bytes over the median mirror time
   * @param ratioToMirror miBPerSecond / mirrorMiBPerSecond: the share of the mirror's pace the
   *     upload keeps
   * @param pagesSent 512-byte pages Put Page wrote (counted on the wire, footer included)
   * @param pagesSkipped pages of the VHD never sent because they are zero
   * @param putPageRequests Put Page requests answered 201
   * @param blocksWritten decoded 4 MiB blocks with data
   * @param blocksZero decoded blocks all zero, skipped whole
   * @param peakRssBytes the highest peak RSS of any upload child
   * @param peakHeapBytes the most heap any upload child had in use
   * @param maxHeapBytes the child's heap limit
   * @param mirrorPeakRssBytes the highest peak RSS of any mirror child
   * @param runs each run
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AzureResult(
      String storage,
      BenchFile file,
      int parallelism,
      int requestsPerSecond,
      String childCommand,
      String timing,
      Spread seconds,
      double miBPerSecond,
      Spread mirrorSeconds,
      double mirrorMiBPerSecond,
      double ratioToMirror,
      long pagesSent,
      long pagesSkipped,
      long putPageRequests,
      long blocksWritten,
      long blocksZero,
      long peakRssBytes,
      long peakHeapBytes,
      long maxHeapBytes,
      long mirrorPeakRssBytes,
      List<AzureRun> runs) {

    public AzureResult {
      runs = List.copyOf(runs);
    }
  }

  /**
   * One run: the mirror's transfer of the VHD, then its upload into fresh Blob storage.
   *
   * @param seconds the upload step in the child
   * @param miBPerSecond decoded bytes over that time
   * @param mirrorSeconds the mirror's transfer in its child
   * @param mirrorMiBPerSecond decoded bytes over that time
   * @param pagesSkipped pages of the VHD not sent
   * @param blobComplete whether the blob has the VHD's size and its decoded SHA-256 in the metadata
   * @param child what the upload child reported
   * @param mirror what the mirror child reported
   */
  public record AzureRun(
      double seconds,
      double miBPerSecond,
      double mirrorSeconds,
      double mirrorMiBPerSecond,
      long pagesSkipped,
      boolean blobComplete,
      AzureProbeResult child,
      ProbeResult mirror) {}
}
