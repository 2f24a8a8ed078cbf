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
 * @param files the multi-block file (the target) and the single-block one
 * @param target whether the pipeline is at least as fast as the native tools on the multi-block file
 * @param rssBySize peak memory of one transfer per image size, with {@code --rss-sizes}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(
    Machine machine,
    Setup setup,
    Image image,
    List<FileResult> files,
    Target target,
    List<RssAtSize> rssBySize) {

  public BenchReport {
    files = List.copyOf(files);
    rssBySize = rssBySize == null ? null : List.copyOf(rssBySize);
  }

  /** Whether every decoded image checked out, ours and native. */
  public boolean decodedImagesAgree() {
    return files.stream().allMatch(FileResult::decodedImageAgrees);
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
      double loadAverageAtStart,
      double loadAverageAtEnd) {}

  /**
   * @param runs timed runs of each side per file
   * @param decodeThreads xz blocks the pipeline decodes at once
   * @param blockSize bytes per block the pipeline hands its sink
   * @param sink where the timed runs put the blocks
   * @param timing what the pipeline's time covers
   * @param childJavaOptions options of the child JVM that runs each transfer
   * @param childCommand one child's whole command line
   * @param nativeCommand the native pipeline as timed (under {@code bash -c}, with pipefail), or null
   * @param nativeSkipped why the native pipeline was not timed, or null
   * @param order how the runs were interleaved
   * @param workDirectory the image cache
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Setup(
      int runs,
      int decodeThreads,
      int blockSize,
      String sink,
      String timing,
      List<String> childJavaOptions,
      String childCommand,
      String nativeCommand,
      String nativeSkipped,
      String order,
      String workDirectory) {

    public Setup {
      childJavaOptions = List.copyOf(childJavaOptions);
    }
  }

  /**
   * @param virtualSize bytes of the raw image
   * @param dataFraction share of it that holds data
   * @param dataBytes bytes of data; the rest are zeros (holes)
   * @param seed what made its bytes
   * @param cacheDirectory where the files are kept
   * @param fromCache whether this run found them there
   * @param preparationSeconds how long making them took in this run; 0 when cached
   * @param createdAt when they were made
   */
  public record Image(
      long virtualSize,
      double dataFraction,
      long dataBytes,
      long seed,
      String cacheDirectory,
      boolean fromCache,
      double preparationSeconds,
      String createdAt) {}

  /**
   * One file, both ways.
   *
   * @param layout multi-block or single-block
   * @param url where the loopback server served it
   * @param compressedSize bytes of the .xz file
   * @param decodedSize bytes it decodes to
   * @param xzBlocks blocks in the .xz file
   * @param compressedWith what made it
   * @param ours the pipeline's timed runs
   * @param check the decoded image of one untimed run, checked against the raw image; null with --no-verify
   * @param nativePipeline the native pipeline's timed runs, or null
   * @param ratioToNative native median / ours median: at least 1.0 means ours is as fast or
   *     faster; null without native runs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileResult(
      XzLayoutKind layout,
      String url,
      long compressedSize,
      long decodedSize,
      int xzBlocks,
      String compressedWith,
      Ours ours,
      Check check,
      Native nativePipeline,
      Double ratioToNative) {

    boolean decodedImageAgrees() {
      return (check == null || check.agrees())
          && (nativePipeline == null || nativePipeline.sha256Agrees());
    }
  }

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
   * The native pipeline's runs of one file.
   *
   * @param command what was run
   * @param seconds wall time of the whole pipe
   * @param decodedMiBPerSecond decoded bytes over the median time
   * @param compressedMiBPerSecond compressed bytes over the median time
   * @param decodedSha256 what sha256sum printed
   * @param sha256Agrees whether it is the raw image's SHA-256
   */
  public record Native(
      String command,
      Spread seconds,
      double decodedMiBPerSecond,
      double compressedMiBPerSecond,
      String decodedSha256,
      boolean sha256Agrees) {}

  /**
   * @param goal what is aimed at
   * @param ratio native / ours on the multi-block file; null without native runs
   * @param met whether the ratio reaches 1.0; null without native runs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Target(String goal, Double ratio, Boolean met) {}

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
}
