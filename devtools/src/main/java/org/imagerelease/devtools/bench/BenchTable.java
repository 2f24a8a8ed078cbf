package org.imagerelease.devtools.bench;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;
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
import org.imagerelease.starter.cli.Sizes;

/** {@code image-release bench}'s report as a person reads it: the setup, then one column per file, a section per row. */
public final class BenchTable {
  private static final String ROW = "  %-9s %-18s";
  private static final int COLUMN = 28;

  private BenchTable() {}

  public static String render(BenchReport report) {
    StringBuilder out = new StringBuilder("\n");
    machine(report, out);
    images(report, out);
    if (report.setup() != null) {
      setup(report, out);
      files(report.files(), out);
      target(report, out);
    }
    if (report.concurrent() != null) {
      concurrent(report.concurrent(), out);
    }
    if (report.rssBySize() != null) {
      rssBySize(report.rssBySize(), out);
    }
    if (report.aws() != null) {
      AwsTable.render(report.aws(), out);
    }
    if (report.azure() != null) {
      AzureTable.render(report.azure(), out);
    }
    return out.toString();
  }

  private static void machine(BenchReport report, StringBuilder out) {
    Machine machine = report.machine();
    BenchReport.Image image = report.image();
    out.append(String.format(Locale.ROOT, "image-release bench: a %s raw image with %.0f%% data (%s), on %d cores%n",
        ByteSize.format(image.virtualSize()), image.dataFraction() * 100, Sizes.bytes(image.dataBytes()), machine.cores()));
    out.append(String.format(Locale.ROOT, "  machine   %s %s, %d cores, %s memory; load average %.2f at start, %.2f at end%n",
        machine.os(), machine.arch(), machine.cores(), Sizes.bytes(machine.memoryBytes()),
        machine.loadAverageAtStart(), machine.loadAverageAtEnd()));
    out.append(String.format(Locale.ROOT, "  versions  java %s (%s); xz %s; curl %s; %s %s%n", machine.javaVersion(), machine.javaVm(),
        orNone(machine.xzVersion()), orNone(machine.curlVersion()), machine.sha256Tool(), orNone(machine.sha256ToolVersion())));
  }

  private static void images(BenchReport report, StringBuilder out) {
    BenchReport.Image image = report.image();
    out.append("  images    ").append(image.cacheDirectory()).append('\n')
        .append(image.fromCache()
            ? "            from the cache (made " + image.createdAt() + "); delete the directory to make them again\n"
            : image.cached()
                ? String.format(Locale.ROOT, "            made in %.0f s and cached: the next run skips that%n", image.preparationSeconds())
                : String.format(Locale.ROOT, "            written in %.0f s for this run and deleted after it%n", image.preparationSeconds()));
  }

  private static void setup(BenchReport report, StringBuilder out) {
    Setup setup = report.setup();
    out.append("  ours      each run in a fresh child JVM (").append(String.join(" ", setup.childJavaOptions()))
        .append("), ").append(setup.decodeThreads()).append(" decode threads, ")
        .append(Sizes.bytes(setup.blockSize())).append(" blocks; fetch, SHA-256 of the file, decode, zero blocks skipped\n")
        .append("            ").append(abbreviated(setup.childCommand())).append('\n')
        .append("            time: ").append(setup.timing()).append('\n');
    for (RowSetup row : setup.rows()) {
      out.append("  ").append(row.row().label()).append('\n')
          .append("            ours:   into a ").append(row.oursSink()).append('\n');
      out.append("            native: ").append(row.nativeCommand() != null
          ? "bash -c 'set -o pipefail; " + row.nativeCommand() + "'"
          : "not timed (" + setup.nativeSkipped() + "), so no ratio").append('\n');
    }
    out.append("  runs      ").append(setup.runs()).append(" per file and row, ").append(setup.order())
        .append("; times are median (min-max)\n\n");
  }

  private static void files(List<FileResult> files, StringBuilder out) {
    row(out, "", "", files, file -> file.layout().label());
    row(out, "file", "compressed", files, file -> Sizes.bytes(file.compressedSize()) + ", "
        + file.xzBlocks() + (file.xzBlocks() == 1 ? " xz block" : " xz blocks"));
    row(out, "", "decoded", files, file -> Sizes.bytes(file.decodedSize()));
    row(out, "", "decoded SHA-256", files, file -> file.check() == null
        ? "not checked"
        : file.check().agrees() ? "agrees" : "DIFFERS");
    FileResult first = files.get(0);
    row(out, "", "blocks seen", files, file -> Long.toString(file.row(BenchRow.PIPELINE).ours().blocksSeen()));
    row(out, "", "  written", files, file -> Long.toString(file.row(BenchRow.PIPELINE).ours().blocksWritten()));
    row(out, "", "  zero, skipped", files, file -> Long.toString(file.row(BenchRow.PIPELINE).ours().blocksZero()));
    for (Comparison comparison : first.rows()) {
      BenchRow benchRow = comparison.row();
      out.append('\n').append("  ").append(benchRow.label()).append('\n');
      Function<FileResult, Ours> ours = file -> file.row(benchRow).ours();
      Function<FileResult, Native> nativeRuns = file -> file.row(benchRow).nativePipeline();
      row(out, "ours", "time", files, file -> seconds(ours.apply(file).seconds()));
      row(out, "", "with JVM start", files, file -> seconds(ours.apply(file).processSeconds()));
      row(out, "", "decoded MiB/s", files, file -> rate(ours.apply(file).decodedMiBPerSecond()));
      row(out, "", "peak RSS", files, file -> memory(ours.apply(file).peakRssBytes()));
      row(out, "", "peak heap", files, file -> memory(ours.apply(file).peakHeapBytes()) + " of "
          + Sizes.bytes(ours.apply(file).maxHeapBytes()));
      row(out, "", "live heap", files, file -> liveHeap(ours.apply(file).liveHeapBytes()));
      if (files.stream().anyMatch(file -> nativeRuns.apply(file) != null)) {
        row(out, "native", "time", files, file -> nativeRuns.apply(file) == null ? "-" : seconds(nativeRuns.apply(file).seconds()));
        row(out, "", "decoded MiB/s", files, file -> nativeRuns.apply(file) == null ? "-" : rate(nativeRuns.apply(file).decodedMiBPerSecond()));
        row(out, "", "SHA-256s", files, file -> nativeRuns.apply(file) == null ? "-"
            : nativeRuns.apply(file).sha256Agrees() ? "agree" : "DIFFER");
        row(out, "ratio", "native / ours", files, file -> file.row(benchRow).ratioToNative() == null ? "-"
            : String.format(Locale.ROOT, "%.2f", file.row(benchRow).ratioToNative()));
      }
    }
  }

  private static void target(BenchReport report, StringBuilder out) {
    BenchReport.Target target = report.target();
    out.append("\n  Target: ").append(target.goal()).append(": ");
    if (target.met() == null) {
      out.append("not measured (no native runs)\n");
    } else {
      StringJoiner ratios = new StringJoiner(", ", " (", ")");
      for (Ratio ratio : target.ratios()) {
        ratios.add(String.format(Locale.ROOT, "%s %s %.2f", ratio.layout().label(), ratio.row().label(), ratio.ratio()));
      }
      out.append(target.met() ? "met" : "NOT met").append(ratios).append('\n');
    }
    if (!report.decodedImagesAgree()) {
      out.append("  A DECODED IMAGE OR A HASH DIFFERS FROM WHAT WAS EXPECTED: the figures above are of a broken pipeline.\n");
    }
  }

  private static void concurrent(List<Concurrent> runs, StringBuilder out) {
    Concurrent first = runs.get(0);
    out.append(String.format(Locale.ROOT, "%n  %d transfers at once in one child JVM (%s), as %d releases on one worker%n",
        first.transfers(), first.row().label(), first.transfers()));
    for (Concurrent run : runs) {
      out.append(String.format(Locale.ROOT, "    %-12s  peak RSS %s (one transfer: %s), peak heap %s of %s, live heap %s;"
              + " %.2f s for all (each %.2f-%.2f s), %.0f decoded MiB/s%n",
          run.layout().label(), memory(run.peakRssBytes()), memory(run.singlePeakRssBytes()),
          memory(run.peakHeapBytes()), Sizes.bytes(run.maxHeapBytes()), liveHeap(run.liveHeapBytes()),
          run.seconds(), run.eachSeconds().min(), run.eachSeconds().max(), run.decodedMiBPerSecond()));
    }
  }

  private static void rssBySize(List<RssAtSize> rows, StringBuilder out) {
    out.append("\n  Peak memory by image size (one transfer each; the timed size shows its runs' maximum)\n");
    out.append(String.format(Locale.ROOT, "    %-8s  %-34s  %s%n", "", "multi-block", "single-block"));
    out.append(String.format(Locale.ROOT, "    %-8s  %-34s  %s%n", "size", "RSS / peak heap / live heap", "RSS / peak heap / live heap"));
    for (RssAtSize row : rows) {
      out.append(String.format(Locale.ROOT, "    %-8s  %-34s  %s%n", ByteSize.format(row.virtualSize()),
          memory(row.multiBlock()), memory(row.singleBlock())));
    }
  }

  private static void row(StringBuilder out, String group, String label, List<FileResult> files,
      Function<FileResult, String> cell) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, ROW, group, label));
    for (FileResult file : files) {
      line.append(String.format(Locale.ROOT, "%-" + COLUMN + "s", cell.apply(file)));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  static String seconds(Spread spread) {
    return String.format(Locale.ROOT, "%.2f s (%.2f-%.2f)", spread.median(), spread.min(), spread.max());
  }

  private static String rate(double mibPerSecond) {
    return String.format(Locale.ROOT, "%.0f", mibPerSecond);
  }

  static String memory(long bytes) {
    return bytes < 0 ? "n/a" : Sizes.bytes(bytes);
  }

  private static String memory(Memory memory) {
    return memory(memory.peakRssBytes()) + " / " + memory(memory.peakHeapBytes()) + " / "
        + liveHeap(memory.liveHeapBytes());
  }

  /** The live heap is measured after collections; a short run may have had none. */
  private static String liveHeap(long bytes) {
    return bytes == 0 ? "no GC ran" : memory(bytes);
  }

  private static String orNone(String version) {
    return version == null ? "(none)" : version;
  }

  /** The child's command with its class path, which may be long, shortened. */
  static String abbreviated(String command) {
    return command.replaceAll(" -cp \\S+ ", " -cp <this process's class path> ");
  }
}
