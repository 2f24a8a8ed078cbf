package org.imagerelease.devtools.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.devtools.bench.AwsBenchSettings;
import org.imagerelease.devtools.bench.AwsSource;
import org.imagerelease.devtools.bench.BenchReport;
import org.imagerelease.devtools.bench.BenchRun;
import org.imagerelease.devtools.bench.BenchSettings;
import org.imagerelease.devtools.bench.BenchTable;
import org.imagerelease.devtools.bench.BenchTargets;
import org.imagerelease.devtools.bench.ByteSize;
import org.imagerelease.starter.cli.Json;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.worker.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    description = {
      "Measure the transfer pipeline against native tools at equal work on a generated image: a sparse raw image "
          + "(default 4GiB, 30%% data) is compressed multi-block and single-block and served on loopback. Each file is "
          + "compared in two rows, ours (each run in a fresh child JVM) and native timed in alternation; HASH is "
          + "`openssl dgst -sha256 -r` (see --native-sha256):",
      "  pipeline:   fetch, SHA-256 of the file, decode. Ours into a counting sink without block digests; native "
          + "`{ curl -s URL | tee /dev/fd/3 | xz -T0 -dc >/dev/null; } 3>&1 | HASH`.",
      "  cloud sink: the same, and the decoded image hashed. Ours with a SHA-256 per non-zero 512 KiB block, each "
          + "uploaded over loopback HTTP to a server that checks it, as an EBS snapshot upload does; native "
          + "`{ curl -s URL | tee /dev/fd/3 | xz -T0 -dc | HASH >&2; } 3>&1 | HASH`.",
      "Prints throughput, the ratio native / ours per file and row, peak RSS and heap, blocks seen, written and "
          + "skipped, and the peak RSS of --concurrent transfers at once in one JVM.",
      "With --target aws (or all, beside the rows above), the AWS target's own upload step (preflight, EBS snapshot "
          + "sink through the AWS SDK, CompleteSnapshot with the LINEAR checksum) uploads the multi-block file in a child "
          + "JVM into a local AWS endpoint in this process that holds every PutSnapshotBlock for --aws-put-latency and "
          + "allows --aws-puts-per-second per snapshot, as AWS does. Prints puts/s (median, min-max of --runs), blocks "
          + "put and zero blocks skipped, throttled puts, peak RSS, the parallelism and the ceiling parallelism / latency; "
          + "then kills an upload (SIGKILL) at --kill-at of its blocks, resumes it from its last checkpoint in a second "
          + "child, and prints the blocks sent twice.",
      "With --target azure (or all), the raw image with a fixed VHD footer after it, compressed multi-block as "
          + ".vhdfixed.xz (cached beside the images), goes through the Azure target's page blob upload step (footer "
          + "checked, page blob created, only non-zero 512-byte pages put, footer last) in a child JVM into local Blob "
          + "storage (Azurite when installed, else the embedded service; the report says which), and through the "
          + "mirror's transfer in another child in the same run. Prints both MiB/s and their ratio, pages sent and "
          + "skipped (Put Page requests counted on the wire) and both peak RSS.",
      "The images are cached in the work directory: only the first run of a size waits for them.",
      "Exit code 0 when every decoded image and hash matched, every snapshot was completed and every page blob holds the whole VHD; the goals (every ratio "
          + ">= 1.0; >= 900 puts/s and <= 2%% re-sent) are reported, not enforced."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--size", paramLabel = "SIZE", converter = ByteSize.class, defaultValue = "4GiB",
      description = "Size of the raw image: 512MiB, 1GiB, 4GiB... Default: ${DEFAULT-VALUE}.")
  long size;

  @Option(names = "--data-fraction", paramLabel = "SHARE", defaultValue = "0.30",
      description = "Share of the image that holds data; the rest are holes. Default: ${DEFAULT-VALUE}.")
  double dataFraction;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Makes the image's bytes. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the images are cached. Default: $XDG_CACHE_HOME/image-release/bench, else ~/.cache/image-release/bench.")
  Path workDirectory;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
      description = "Timed runs of each side per file and row; the median is reported with min and max. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
      description = "xz blocks the pipeline decodes at once (and xz's -T). Default: all cores (xz -T0).")
  int threads;

  @Option(names = "--child-java-options", paramLabel = "OPTIONS", defaultValue = BenchSettings.DEFAULT_CHILD_JAVA_OPTIONS,
      description = "Options of the child JVM each transfer runs in; must bound the heap with -Xmx. "
          + "Default: '${DEFAULT-VALUE}' (a small initial heap, so peak RSS shows what the transfer needs, not the machine's size).")
  String childJavaOptions;

  @Option(names = "--no-native", description = "Do not time the native curl | xz pipelines (and report no ratio).")
  boolean noNative;

  @Option(names = "--native-sha256", paramLabel = "TOOL", defaultValue = "auto",
      description = "What hashes in the native pipelines: openssl (SHA-NI where the CPU has it, as the pipeline's "
          + "hashing has), sha256sum (coreutils, several times slower where OpenSSL is fast), or auto: openssl "
          + "where it is on the PATH. Default: ${DEFAULT-VALUE}.")
  String nativeSha256;

  @Option(names = "--no-check", description = "Skip the untimed run per file that writes out and hashes the decoded image.")
  boolean noCheck;

  @Option(names = "--rss-sizes", paramLabel = "SIZE", split = ",", converter = ByteSize.class,
      description = "Also measure peak memory of one transfer per image size, e.g. 1GiB,4GiB, to show it does not grow with the image.")
  List<Long> rssSizes = List.of();

  @Option(names = "--concurrent", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_CONCURRENT,
      description = "Also run N cloud sink transfers of each file at once in one child JVM, as N releases on one worker, "
          + "and report their peak RSS together; 0 for none. Default: ${DEFAULT-VALUE}.")
  int concurrent;

  @Option(names = "--target", paramLabel = "TARGET", defaultValue = "mirror",
      description = "What to measure: mirror (the pipeline against native tools, as above), aws (the AWS upload into "
          + "the local AWS endpoint), azure (the Azure page blob upload into local Blob storage, beside the mirror's "
          + "transfer of the same VHD) or all (everything, in one report). Default: ${DEFAULT-VALUE}.")
  BenchTargets targets;

  @Option(names = "--aws-source", paramLabel = "SOURCE", defaultValue = "XZ",
      description = "What the AWS part uploads: XZ, the multi-block .xz a release reads (its decoding sets the pace on few "
          + "cores), or RAW, the same image uncompressed, which measures what the upload itself sustains. Default: ${DEFAULT-VALUE}.")
  AwsSource awsSource;

  @Option(names = "--aws-parallelism", paramLabel = "N", defaultValue = "128",
      description = "Blocks the AWS upload puts at once. The worker's default is 64 ([consumer_config.aws.upload] parallelism), which at 100 ms per put allows at most 640 puts/s; the bench's "
          + "default allows AWS's 1000/s. Default: ${DEFAULT-VALUE}.")
  int awsParallelism;

  @Option(names = "--aws-put-latency", paramLabel = "MS", defaultValue = "100",
      description = "Milliseconds the local endpoint holds every PutSnapshotBlock, as AWS takes about 100. Default: ${DEFAULT-VALUE}.")
  long awsPutLatencyMillis;

  @Option(names = "--aws-puts-per-second", paramLabel = "N", defaultValue = "1000",
      description = "PutSnapshotBlock calls per second per snapshot the local endpoint allows, as AWS does. Default: ${DEFAULT-VALUE}.")
  int awsPutsPerSecond;

  @Option(names = "--aws-https",
      description = "Serve the local AWS endpoint over HTTPS (a certificate made for the run, trusted by the child), as AWS is "
          + "served: the SDK then sends each block's payload unsigned, as to AWS, and encrypts it; over plain http it hashes "
          + "every block once more to sign it. The endpoint decrypts on the same cores.")
  boolean awsHttps;

  @Option(names = "--checkpoint-interval", paramLabel = "MS", defaultValue = "250",
      description = "Milliseconds between the AWS upload's checkpoints ([consumer_config.transfer] checkpoint_interval). "
          + "Default: ${DEFAULT-VALUE}.")
  long checkpointIntervalMillis;

  @Option(names = "--kill-at", paramLabel = "SHARE", defaultValue = "0.5",
      description = "Share of the blocks put when the AWS upload is killed, to be resumed. Default: ${DEFAULT-VALUE}.")
  double killAt;

  @Option(names = "--json", description = "Print only a JSON report on stdout (progress goes to stderr).")
  boolean json;

  /** What {@code [consumer_config.aws.upload] parallelism} is when not set, reported beside the one used. */
  private static int defaultAwsParallelism() {
    return new ConfigLoader(Map.of()).defaults().target(AwsConfig.class).upload().parallelism();
  }

  @Override
  public Integer call() throws Exception {
    Logging.quiet();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    BenchSettings settings;
    try {
      settings = new BenchSettings(size, dataFraction, seed,
          workDirectory != null ? workDirectory : BenchSettings.defaultWorkDirectory(), runs, !noNative,
          nativeSha256, threads, List.of(childJavaOptions.trim().split("\\s+")), !noCheck, rssSizes, concurrent,
          targets, new AwsBenchSettings(awsParallelism, defaultAwsParallelism(), Duration.ofMillis(awsPutLatencyMillis),
              awsPutsPerSecond, Duration.ofMillis(checkpointIntervalMillis), killAt, awsSource, awsHttps));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    BenchReport report = new BenchRun(settings, progress).execute();
    if (json) {
      out.println(Json.of(report));
    } else {
      out.print(BenchTable.render(report));
    }
    out.flush();
    if (!report.decodedImagesAgree()) {
      spec.commandLine().getErr().println("image-release bench: a decoded image differs from the raw image");
      return 1;
    }
    if (!report.snapshotsCompleted()) {
      spec.commandLine().getErr().println("image-release bench: the local AWS endpoint did not complete an uploaded snapshot");
      return 1;
    }
    if (!report.blobsComplete()) {
      spec.commandLine().getErr().println("image-release bench: a page blob does not hold the whole VHD after its upload");
      return 1;
    }
    return 0;
  }
}
