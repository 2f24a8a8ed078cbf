package org.imagerelease.devtools.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.devtools.bench.BenchReport.Check;
import org.imagerelease.devtools.bench.BenchReport.FileResult;
import org.imagerelease.devtools.bench.BenchReport.Machine;
import org.imagerelease.devtools.bench.BenchReport.Memory;
import org.imagerelease.devtools.bench.BenchReport.Native;
import org.imagerelease.devtools.bench.BenchReport.Ours;
import org.imagerelease.devtools.bench.BenchReport.RssAtSize;
import org.imagerelease.devtools.bench.BenchReport.Setup;
import org.imagerelease.devtools.bench.BenchReport.Target;
import org.imagerelease.localcloud.http.ComposeHttpServer;
import org.imagerelease.starter.cli.Sizes;

/**
 * One {@code image-release bench}: makes (or finds) the image files, serves them on loopback,
 * checks the pipeline's output once per file, then times the pipeline (each run in a fresh child
 * JVM) and the native pipe alternately, so drift of the machine hits both alike.
 */
public final class BenchRun {
  static final String GOAL = "ratio >= 1.0 on the multi-block file (native median / ours median)";
  private static final double MIB = 1 << 20;

  private final BenchSettings settings;
  private final PrintWriter progress;
  private final ImageCache cache;
  private final ChildTransfer child;

  public BenchRun(BenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
    this.cache = ImageCache.at(settings.workDirectory());
    this.child = new ChildTransfer(settings.childJavaOptions(), settings.pipelineThreads());
  }

  /** Runs everything and reports it. */
  public BenchReport execute() throws IOException {
    double loadAtStart = loadAverage();
    NativePipeline.Tools tools = NativePipeline.findTools();
    String nativeSkipped = !settings.timeNative()
        ? "--no-native"
        : tools.complete() ? null : "not on the PATH: " + String.join(", ", tools.missing());
    NativePipeline nativePipeline = nativeSkipped == null ? new NativePipeline(settings.nativeThreads()) : null;

    cache.removeAbandonedScratch();
    ImageCache.Prepared prepared = cache.prepare(settings.spec(), progress);
    List<FileResult> files = new ArrayList<>();
    String childCommand;
    String nativeCommand = null;
    try (ComposeHttpServer server = ComposeHttpServer.start(prepared.directory())) {
      ServedFile multi = serve(server, prepared.images().file(XzLayoutKind.MULTI_BLOCK));
      childCommand = String.join(" ", child.command(multi, null));
      if (nativePipeline != null) {
        nativeCommand = nativePipeline.command(multi.url());
      }
      for (XzLayoutKind layout : XzLayoutKind.values()) {
        files.add(measure(serve(server, prepared.images().file(layout)), nativePipeline));
      }
    }
    List<RssAtSize> rssBySize = settings.rssSizes().isEmpty() ? null : rssBySize(files);

    Double ratio = fileOf(files, XzLayoutKind.MULTI_BLOCK).ratioToNative();
    Target target = new Target(GOAL, ratio, ratio == null ? null : ratio >= 1.0);
    Setup setup = new Setup(settings.runs(), settings.pipelineThreads(), TransferSettings.DEFAULT_BLOCK_SIZE,
        "counting sink (stores nothing)",
        "wall time of the transfer inside the child JVM, from request to completed sink; "
            + "JVM start-up excluded, JIT warm-up included",
        settings.childJavaOptions(), childCommand, nativeCommand, nativeSkipped,
        nativePipeline == null ? "ours only" : "alternating ours, native, ours, native...",
        settings.workDirectory().toString());
    ImageSet images = prepared.images();
    BenchReport.Image image = new BenchReport.Image(images.virtualSize(), images.dataFraction(),
        images.dataBytes(), images.seed(), prepared.directory().toString(), prepared.fromCache(),
        prepared.preparationSeconds(), images.createdAt());
    return new BenchReport(machine(tools, loadAtStart), setup, image, files, target, rssBySize);
  }

  private static FileResult fileOf(List<FileResult> files, XzLayoutKind layout) {
    return files.stream().filter(file -> file.layout() == layout).findFirst().orElseThrow();
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
    List<ProbeResult> ours = new ArrayList<>();
    List<Double> processSeconds = new ArrayList<>();
    List<NativePipeline.Run> natives = new ArrayList<>();
    for (int run = 1; run <= settings.runs(); run++) {
      ChildTransfer.Outcome outcome = child.run(file, null);
      ours.add(outcome.result());
      processSeconds.add(outcome.processNanos() / 1e9);
      String line = String.format(Locale.ROOT, "  run %d/%d: ours %.2f s (%.0f MiB/s, peak RSS %s, %s)",
          run, settings.runs(), outcome.result().transferSeconds(),
          image.decodedSize() / MIB / outcome.result().transferSeconds(),
          Sizes.bytes(outcome.result().peakRssBytes()), outcome.result().xzDecoder());
      if (nativePipeline != null) {
        NativePipeline.Run nativeRun = nativePipeline.run(file.url());
        natives.add(nativeRun);
        line += String.format(Locale.ROOT, ", native %.2f s", nativeRun.seconds());
      }
      progress.println(line);
      progress.flush();
    }
    Ours oursResult = ours(image, ours, processSeconds);
    Native nativeResult = natives.isEmpty() ? null : nativeResult(image, nativePipeline.command(file.url()), natives);
    Double ratio = nativeResult == null ? null : nativeResult.seconds().median() / oursResult.seconds().median();
    return new FileResult(image.layout(), file.url().toString(), image.size(), image.decodedSize(),
        image.xzBlocks(), image.tool(), oursResult, check, nativeResult, ratio);
  }

  /** One untimed run that writes the decoded image out and hashes it. */
  private Check check(ServedFile file) throws IOException {
    Path decoded = cache.scratch("decoded-check-" + file.image().layout().label() + ".raw");
    try {
      progress.printf("  checking the decoded image (one untimed run, written to %s)...%n", decoded);
      progress.flush();
      ProbeResult result = child.run(file, decoded).result();
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

  private static Ours ours(BenchFile image, List<ProbeResult> runs, List<Double> processSeconds) {
    Spread seconds = Spread.of(runs.stream().map(ProbeResult::transferSeconds).toList());
    ProbeResult last = runs.get(runs.size() - 1);
    return new Ours(seconds, Spread.of(processSeconds),
        image.decodedSize() / MIB / seconds.median(), image.size() / MIB / seconds.median(),
        last.blocksSeen(), last.blocksWritten(), last.blocksZero(),
        runs.stream().mapToLong(ProbeResult::peakRssBytes).max().orElse(-1),
        runs.stream().mapToLong(ProbeResult::peakHeapBytes).max().orElse(-1),
        runs.stream().mapToLong(ProbeResult::liveHeapBytes).max().orElse(-1),
        last.maxHeapBytes(), last.garbageCollectors(), runs);
  }

  private static Native nativeResult(BenchFile image, String command, List<NativePipeline.Run> runs) {
    Spread seconds = Spread.of(runs.stream().map(NativePipeline.Run::seconds).toList());
    String digest = runs.get(runs.size() - 1).decodedSha256();
    boolean agrees = runs.stream().allMatch(run -> run.decodedSha256().equals(image.decodedSha256()));
    return new Native(command, seconds, image.decodedSize() / MIB / seconds.median(),
        image.size() / MIB / seconds.median(), digest, agrees);
  }

  /**
   * Peak memory per image size. The size already measured is taken from its timed runs; every
   * other size gets one transfer of each file.
   */
  private List<RssAtSize> rssBySize(List<FileResult> measured) throws IOException {
    List<RssAtSize> rows = new ArrayList<>();
    for (long size : settings.rssSizes()) {
      if (size == settings.size()) {
        rows.add(new RssAtSize(size, memoryOf(fileOf(measured, XzLayoutKind.MULTI_BLOCK).ours()),
            memoryOf(fileOf(measured, XzLayoutKind.SINGLE_BLOCK).ours())));
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
    ProbeResult result = child.run(file, null).result();
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
        tools.xzVersion(), tools.curlVersion(), loadAtStart, loadAverage());
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
