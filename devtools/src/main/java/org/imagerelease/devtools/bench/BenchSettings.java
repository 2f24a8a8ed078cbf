package org.imagerelease.devtools.bench;

import java.nio.file.Path;
import java.util.List;
import org.imagerelease.localcloud.bench.SparseImageSpec;

/**
 * How to run the bench, from the command line.
 *
 * @param size bytes of the raw image
 * @param dataFraction share of it that holds data
 * @param seed what makes its bytes
 * @param workDirectory the image cache
 * @param runs timed runs of each side per file
 * @param timeNative whether to time the native pipeline too (when its tools are there)
 * @param nativeSha256 the native pipelines' hashing tool: {@code auto}, {@code openssl} or {@code sha256sum}
 * @param decodeThreads xz blocks decoded at once, or 0 for all cores
 * @param childJavaOptions options of the child JVM each transfer runs in
 * @param check whether to check the decoded image once per file, untimed
 * @param rssSizes image sizes to measure peak memory at, one transfer each; empty for none
 * @param concurrent transfers of each file to run at once in one child JVM, as one worker runs
 *     that many releases; 0 for none
 * @param targets what to measure: the pipeline against native tools, the AWS upload, or both
 * @param aws how the AWS upload is measured
 */
public record BenchSettings(
    long size,
    double dataFraction,
    long seed,
    Path workDirectory,
    int runs,
    boolean timeNative,
    String nativeSha256,
    int decodeThreads,
    List<String> childJavaOptions,
    boolean check,
    List<Long> rssSizes,
    int concurrent,
    BenchTargets targets,
    AwsBenchSettings aws) {

  public static final long DEFAULT_SIZE = SparseImageSpec.DEFAULT_VIRTUAL_SIZE;
  public static final double DEFAULT_DATA_FRACTION = SparseImageSpec.DEFAULT_DATA_FRACTION;
  /**
   * A bounded heap, and a small initial one: by default the JVM starts with 1/64 of the machine's
   * memory as heap and G1 lets that much garbage pile up before collecting, so peak RSS would show
   * the machine's size rather than what the transfer needs.
   */
  public static final String DEFAULT_CHILD_JAVA_OPTIONS = "-Xms64m -Xmx512m";
  /** Eight releases at once on one worker: the load the worker-wide memory budget is sized for. */
  public static final int DEFAULT_CONCURRENT = 8;

  public BenchSettings {
    rssSizes = List.copyOf(rssSizes);
    childJavaOptions = List.copyOf(childJavaOptions);
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    NativeSha256.chosen(nativeSha256, true);
    if (concurrent < 0) {
      throw new IllegalArgumentException("--concurrent must be 0 (none) or more");
    }
    if (decodeThreads < 0) {
      throw new IllegalArgumentException("--threads must be positive");
    }
    if (childJavaOptions.stream().noneMatch(option -> option.startsWith("-Xmx"))) {
      throw new IllegalArgumentException("the child JVM needs a bounded heap: give --child-java-options an -Xmx");
    }
    for (long each : rssSizes) {
      spec(each, dataFraction, seed);
    }
    spec(size, dataFraction, seed);
  }

  /** {@code $XDG_CACHE_HOME/image-release/bench}, else {@code ~/.cache/image-release/bench}. */
  public static Path defaultWorkDirectory() {
    return ImageCache.defaultRoot();
  }

  /** The image of {@code size}; says what is wrong with a size the generator cannot make. */
  static SparseImageSpec spec(long size, double dataFraction, long seed) {
    try {
      return SparseImageSpec.defaults().withVirtualSize(size).withDataFraction(dataFraction).withSeed(seed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot make a " + ByteSize.format(size) + " image with "
          + dataFraction + " data: " + e.getMessage(), e);
    }
  }

  SparseImageSpec spec() {
    return spec(size, dataFraction, seed);
  }

  /** The threads the pipeline decodes with: the option, or every core. */
  int pipelineThreads() {
    return decodeThreads > 0 ? decodeThreads : Runtime.getRuntime().availableProcessors();
  }

  /** xz's {@code -T}: 0 (all cores) by default, or the same count as the pipeline's. */
  int nativeThreads() {
    return decodeThreads;
  }

}
