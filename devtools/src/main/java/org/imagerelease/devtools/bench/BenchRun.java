package org.imagerelease.devtools.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imagerelease.activities.Sha256;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.devtools.bench.BenchReport.AwsResult;
import org.imagerelease.devtools.bench.BenchReport.AzureResult;
import org.imagerelease.devtools.bench.BenchReport.Check;
import org.imagerelease.devtools.bench.BenchReport.Comparison;
import org.imagerelease.devtools.bench.BenchReport.Concurrent;
import org.imagerelease.devtools.bench.BenchReport.FileResult;
import org.imagerelease.devtools.bench.BenchReport.Machine;
import org.imagerelease.devtools.bench.BenchReport.Memory;
import org.imagerelease.devtools.bench.BenchReport.Native;
import org.imagerelease.devtools.bench.BenchReport.Ours;
import org.imagerelease.devtools.bench.BenchReport.Ratio;
import org.imagerelease.devtools.bench.BenchReport.RowSetup;
import org.imagerelease.devtools.bench.BenchReport.RssAtSize;
import org.imagerelease.devtools.bench.BenchReport.Setup;
import org.imagerelease.devtools.bench.BenchReport.Target;
import org.imagerelease.localcloud.bench.SparseImage;
import org.imagerelease.localcloud.bench.SparseImageGenerator;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.starter.cli.Sizes;

/**
 * One {@code image-release bench}: makes (or finds) the image files, serves them on loopback,
 * checks the pipeline's output once per file, then for each file times every {@link BenchRow},
 * ours (each run in a fresh child JVM) and the native pipe alternately, so drift of the machine
 * hits both alike; last, optionally, several transfers at once in one child JVM.
 */
public final class BenchRun {
  static final String GOAL = "ratio >= 1.0 on both files in both rows (native median / ours median, equal work)";
  private static final double MIB = 1 << 20;

  private final BenchSettings settings;
  private final PrintWriter progress;
  private final ImageCache cache;
  /** Made once the snapshot upload server listens, since the cloud sink row's children send to it. */
  private ChildTransfer child;

  public BenchRun(BenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
    this.cache = ImageCache.at(settings.workDirectory());
  }

  /** Runs everything and reports it. */
  public BenchReport execute() throws IOException {
    double loadAtStart = loadAverage();
    NativePipeline.Tools tools = NativePipeline.findTools(settings.nativeSha256());
    String nativeSkipped = !settings.timeNative()
        ? "--no-native"
        : tools.complete() ? null : "not on the PATH: " + String.join(", ", tools.missing());
    NativePipeline nativePipeline = nativeSkipped == null ? new NativePipeline(settings.nativeThreads(), tools.sha256()) : null;

    cache.removeAbandonedScratch();
    boolean mirror = settings.targets().mirror();
    boolean awsRaw = settings.targets().aws() && settings.aws().source() == AwsSource.RAW;
    // The Azure part alone needs only its VHD, the raw AWS upload only the raw image: the two .xz
    // files of a 4 GiB image take minutes to make (of a dense one, many more).
    boolean imageSet = mirror || settings.targets().aws() && !awsRaw;
    ImageCache.Prepared prepared = imageSet ? cache.prepare(settings.spec(), progress) : null;
    BenchVhd.Prepared vhd = settings.targets().azure() ? BenchVhd.prepare(cache, settings.spec(), progress) : null;
    List<FileResult> files = new ArrayList<>();
    List<Concurrent> concurrent = new ArrayList<>();
    List<RowSetup> rows = new ArrayList<>();
    String childCommand = null;
    AwsResult aws = null;
    AzureResult azure = null;
    BenchReport.Image rawImage = null;
    if (imageSet) {
      try (ComposeHttpServer server = ComposeHttpServer.start(prepared.directory());
          SnapshotUploadServer uploads = SnapshotUploadServer.start()) {
        child = new ChildTransfer(settings.childJavaOptions(), settings.pipelineThreads(), uploads.baseUri());
        ServedFile multi = serve(server, prepared.images().file(XzLayoutKind.MULTI_BLOCK));
        if (mirror) {
          childCommand = String.join(" ", child.command(multi, BenchRow.CLOUD_SINK, 1, null));
          for (BenchRow row : BenchRow.values()) {
            rows.add(new RowSetup(row, row.oursSink(), nativePipeline == null ? null : nativePipeline.command(row, multi.url())));
          }
          for (XzLayoutKind layout : XzLayoutKind.values()) {
            files.add(measure(serve(server, prepared.images().file(layout)), nativePipeline));
          }
          if (settings.concurrent() > 0) {
            for (FileResult file : files) {
              concurrent.add(concurrently(serve(server, prepared.images().file(file.layout())), file));
            }
          }
        }
        if (settings.targets().aws()) {
          AwsBench bench = new AwsBench(settings.aws(), settings.childJavaOptions(), settings.pipelineThreads(), settings.runs(),
              cache.scratch("aws-checkpoints"), progress);
          aws = bench.measure(AwsBench.Upload.of(multi));
        }
      }
    }
    if (awsRaw) {
      AwsBench bench = new AwsBench(settings.aws(), settings.childJavaOptions(), settings.pipelineThreads(), settings.runs(),
          cache.scratch("aws-checkpoints"), progress);
      RawUpload raw = uploadingRaw(bench);
      aws = raw.result();
      rawImage = raw.image();
    }
    if (vhd != null) {
      azure = uploadingVhd(vhd);
    }
    List<RssAtSize> rssBySize = !mirror || settings.rssSizes().isEmpty() ? null : rssBySize(files);

    Setup setup = !mirror ? null : new Setup(settings.runs(), settings.pipelineThreads(), TransferSettings.DEFAULT_BLOCK_SIZE, rows,
        "wall time of the transfer inside the child JVM, from request to completed sink; "
            + "JVM start-up excluded, JIT warm-up included",
        settings.childJavaOptions(), childCommand, nativeSkipped,
        nativePipeline == null ? "ours only" : "per run, each row in turn: ours, native",
        settings.workDirectory().toString());
    BenchReport.Image image = prepared != null ? imageOf(prepared) : rawImage != null ? rawImage : vhd.image(settings.spec());
    return new BenchReport(machine(tools, loadAtStart), setup, image, files, mirror ? target(files) : null,
        concurrent.isEmpty() ? null : concurrent, rssBySize, aws, azure);
  }

  private static Target target(List<FileResult> files) {
    List<Ratio> ratios = new ArrayList<>();
    for (FileResult file : files) {
      for (Comparison comparison : file.rows()) {
        if (comparison.ratioToNative() != null) {
          ratios.add(new Ratio(file.layout(), comparison.row(), comparison.ratioToNative()));
        }
      }
    }
    return new Target(GOAL, ratios, ratios.isEmpty() ? null : ratios.stream().allMatch(ratio -> ratio.ratio() >= 1.0));
  }

  private static FileResult fileOf(List<FileResult> files, XzLayoutKind layout) {
    return files.stream().filter(file -> file.layout() == layout).findFirst().orElseThrow();
  }

  /** The AWS part's result on the raw image, and that image as the report describes it. */
  private record RawUpload(AwsResult result, BenchReport.Image image) {}

  /**
   * The AWS part on the image uncompressed: written again from its spec (the cache keeps only the
   * .xz files), served on its own loopback server, deleted afterwards.
   */
  private RawUpload uploadingRaw(AwsBench bench) throws IOException {
    Path directory = cache.scratch("aws-raw");
    try {
      Files.createDirectories(directory);
      progress.printf("Writing the image uncompressed for the AWS part...%n");
      progress.flush();
      long started = System.nanoTime();
      SparseImage written = new SparseImageGenerator(settings.spec()).write(directory.resolve("bench.raw"));
      Path raw = written.file();
      String sha256 = sha256Of(raw);
      BenchReport.Image image = new BenchReport.Image(written.virtualSize(), settings.spec().dataFraction(),
          written.dataBytes(), settings.spec().seed(), directory.toString(), false,
          (System.nanoTime() - started) / 1e9, Instant.now().toString(), false);
      try (ComposeHttpServer server = ComposeHttpServer.start(directory)) {
        return new RawUpload(bench.measure(new AwsBench.Upload(server.uriOf("bench.raw"), Files.size(raw), sha256)), image);
      }
    } finally {
      ImageCache.deleteTree(directory);
    }
  }

  private static BenchReport.Image imageOf(ImageCache.Prepared prepared) {
    ImageSet images = prepared.images();
    return new BenchReport.Image(images.virtualSize(), images.dataFraction(),
        images.dataBytes(), images.seed(), prepared.directory().toString(), prepared.fromCache(),
        prepared.preparationSeconds(), images.createdAt(), true);
  }

  /** The Azure part, on the fixed VHD of the same spec, served on its own loopback server. */
  private AzureResult uploadingVhd(BenchVhd.Prepared vhd) throws IOException {
    // The mirror's transfer fills a counting sink: it sends nothing, so it needs no upload server.
    ChildTransfer mirrorChild = new ChildTransfer(settings.childJavaOptions(), settings.pipelineThreads(), null);
    try (ComposeHttpServer server = ComposeHttpServer.start(vhd.directory())) {
      ServedFile served = new ServedFile(vhd.file(), server.uriOf(BenchVhd.FILE_NAME));
      return new AzureBench(mirrorChild, settings.childJavaOptions(), settings.runs(), progress).measure(served);
    }
  }

  private static String sha256Of(Path file) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return Sha256.hex(digest);
  }

  private static ServedFile serve(ComposeHttpServer server, BenchFile file) {
    return new ServedFile(file, server.uriOf(file.fileName()));
  }

  private FileResult measure(ServedFile file, NativePipeline nativePipeline) throws IOException {
    BenchFile image = file.image();
    String name = image.layout().label();
    progress.printf("%s file: %s, %d xz block%s, decodes to %s%n", capitalised(name),
        Sizes.bytes(image.size()), image.xzBlocks(), image.xzBlocks() == 1 ? "" : "s",
        ByteSize.format(image.decodedSize()));
    progress.flush();
    Check check = settings.check() ? check(file) : null;
    Map<BenchRow, List<ChildTransfer.Outcome>> ours = new EnumMap<>(BenchRow.class);
    Map<BenchRow, List<NativePipeline.Run>> natives = new EnumMap<>(BenchRow.class);
    for (int run = 1; run <= settings.runs(); run++) {
      for (BenchRow row : BenchRow.values()) {
        ChildTransfer.Outcome outcome = child.run(file, row, 1);
        ours.computeIfAbsent(row, any -> new ArrayList<>()).add(outcome);
        ProbeResult result = outcome.result();
        String line = String.format(Locale.ROOT, "  run %d/%d, %-10s: ours %.2f s (%.0f MiB/s, peak RSS %s, %s)",
            run, settings.runs(), row.label(), result.transferSeconds(),
            image.decodedSize() / MIB / result.transferSeconds(), Sizes.bytes(result.peakRssBytes()), result.xzDecoder());
        if (nativePipeline != null) {
          NativePipeline.Run nativeRun = nativePipeline.run(row, file.url());
          natives.computeIfAbsent(row, any -> new ArrayList<>()).add(nativeRun);
          line += String.format(Locale.ROOT, ", native %.2f s", nativeRun.seconds());
        }
        progress.println(line);
        progress.flush();
      }
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (BenchRow row : BenchRow.values()) {
      Ours oursResult = ours(image, ours.get(row));
      Native nativeResult = nativePipeline == null
          ? null
          : nativeResult(image, row, nativePipeline.command(row, file.url()), natives.get(row));
      Double ratio = nativeResult == null ? null : nativeResult.seconds().median() / oursResult.seconds().median();
      comparisons.add(new Comparison(row, oursResult, nativeResult, ratio));
    }
    return new FileResult(image.layout(), file.url().toString(), image.size(), image.decodedSize(),
        image.xzBlocks(), image.tool(), check, comparisons);
  }

  /** One untimed run that writes the decoded image out and hashes it. */
  private Check check(ServedFile file) throws IOException {
    Path decoded = cache.scratch("decoded-check-" + file.image().layout().label() + ".raw");
    try {
      progress.printf("  checking the decoded image (one untimed run, written to %s)...%n", decoded);
      progress.flush();
      ProbeResult result = child.check(file, decoded).result();
      String expected = file.image().decodedSha256();
      boolean agrees = expected.equals(result.decodedSha256());
      progress.printf("  decoded SHA-256 %s: %s%n", agrees ? "agrees" : "DIFFERS", result.decodedSha256());
      progress.flush();
      return new Check(expected, result.decodedSha256(), agrees, result.blocksSeen(),
          result.blocksWritten(), result.blocksZero());
    } finally {
      Files.deleteIfExists(decoded);
    }
  }

  /** {@link BenchSettings#concurrent()} cloud sink transfers of the file at once, in one child JVM. */
  private Concurrent concurrently(ServedFile file, FileResult measured) throws IOException {
    int transfers = settings.concurrent();
    progress.printf("%d %s transfers of the %s file at once in one JVM...%n", transfers,
        BenchRow.CLOUD_SINK.label(), file.image().layout().label());
    progress.flush();
    ProbeResult result = child.run(file, BenchRow.CLOUD_SINK, transfers).result();
    List<Double> each = result.eachTransferNanos() == null
        ? List.of(result.transferSeconds())
        : result.eachTransferNanos().stream().map(nanos -> nanos / 1e9).toList();
    Concurrent concurrent = new Concurrent(file.image().layout(), BenchRow.CLOUD_SINK, transfers,
        result.transferSeconds(), transfers * (double) file.image().decodedSize() / MIB / result.transferSeconds(),
        Spread.of(each), result.peakRssBytes(), result.peakHeapBytes(), result.liveHeapBytes(), result.maxHeapBytes(),
        measured.row(BenchRow.CLOUD_SINK).ours().peakRssBytes());
    progress.printf(Locale.ROOT, "  %.2f s for all, peak RSS %s (one transfer: %s), peak heap %s%n",
        concurrent.seconds(), Sizes.bytes(concurrent.peakRssBytes()), Sizes.bytes(concurrent.singlePeakRssBytes()),
        Sizes.bytes(concurrent.peakHeapBytes()));
    progress.flush();
    return concurrent;
  }

  private static Ours ours(BenchFile image, List<ChildTransfer.Outcome> outcomes) {
    List<ProbeResult> runs = outcomes.stream().map(ChildTransfer.Outcome::result).toList();
    Spread seconds = Spread.of(runs.stream().map(ProbeResult::transferSeconds).toList());
    Spread processSeconds = Spread.of(outcomes.stream().map(outcome -> outcome.processNanos() / 1e9).toList());
    ProbeResult last = runs.get(runs.size() - 1);
    return new Ours(seconds, processSeconds,
        image.decodedSize() / MIB / seconds.median(), image.size() / MIB / seconds.median(),
        last.blocksSeen(), last.blocksWritten(), last.blocksZero(),
        runs.stream().mapToLong(ProbeResult::peakRssBytes).max().orElse(-1),
        runs.stream().mapToLong(ProbeResult::peakHeapBytes).max().orElse(-1),
        runs.stream().mapToLong(ProbeResult::liveHeapBytes).max().orElse(-1),
        last.maxHeapBytes(), last.garbageCollectors(), runs);
  }

  private static Native nativeResult(BenchFile image, BenchRow row, String command, List<NativePipeline.Run> runs) {
    Spread seconds = Spread.of(runs.stream().map(NativePipeline.Run::seconds).toList());
    NativePipeline.Run last = runs.get(runs.size() - 1);
    boolean agrees = runs.stream().allMatch(run -> run.compressedSha256().equals(image.sha256())
        && (row != BenchRow.CLOUD_SINK || image.decodedSha256().equals(run.decodedSha256())));
    return new Native(command, seconds, image.decodedSize() / MIB / seconds.median(),
        image.size() / MIB / seconds.median(), last.compressedSha256(), last.decodedSha256(), agrees);
  }

  /**
   * Peak memory per image size. The size already measured is taken from its timed runs; every
   * other size gets one transfer of each file.
   */
  private List<RssAtSize> rssBySize(List<FileResult> measured) throws IOException {
    List<RssAtSize> rows = new ArrayList<>();
    for (long size : settings.rssSizes()) {
      if (size == settings.size()) {
        rows.add(new RssAtSize(size, memoryOf(fileOf(measured, XzLayoutKind.MULTI_BLOCK).row(BenchRow.PIPELINE).ours()),
            memoryOf(fileOf(measured, XzLayoutKind.SINGLE_BLOCK).row(BenchRow.PIPELINE).ours())));
        continue;
      }
      ImageCache.Prepared prepared = cache.prepare(BenchSettings.spec(size, settings.dataFraction(), settings.seed()), progress);
      try (ComposeHttpServer server = ComposeHttpServer.start(prepared.directory())) {
        Memory multi = memoryOf(serve(server, prepared.images().file(XzLayoutKind.MULTI_BLOCK)));
        Memory single = memoryOf(serve(server, prepared.images().file(XzLayoutKind.SINGLE_BLOCK)));
        rows.add(new RssAtSize(size, multi, single));
      }
    }
    return rows;
  }

  private Memory memoryOf(ServedFile file) throws IOException {
    ProbeResult result = child.run(file, BenchRow.PIPELINE, 1).result();
    progress.printf("  %s %s: peak RSS %s, peak heap %s, live heap %s, %.2f s%n",
        ByteSize.format(file.image().decodedSize()), file.image().layout().label(),
        Sizes.bytes(result.peakRssBytes()), Sizes.bytes(result.peakHeapBytes()),
        Sizes.bytes(result.liveHeapBytes()), result.transferSeconds());
    progress.flush();
    return new Memory(result.peakRssBytes(), result.peakHeapBytes(), result.liveHeapBytes(),
        result.transferSeconds(), 1);
  }

  private static Memory memoryOf(Ours ours) {
    return new Memory(ours.peakRssBytes(), ours.peakHeapBytes(), ours.liveHeapBytes(),
        ours.seconds().median(), ours.runs().size());
  }

  private static Machine machine(NativePipeline.Tools tools, double loadAtStart) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new Machine(Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("os.arch"), os.getTotalMemorySize(),
        System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
        tools.xzVersion(), tools.curlVersion(), tools.sha256().tool(), tools.sha256Version(), loadAtStart, loadAverage());
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
