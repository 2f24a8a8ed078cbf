package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.imagerelease.devtools.bench.BenchReport.Check;
import org.imagerelease.devtools.bench.BenchReport.Comparison;
import org.imagerelease.devtools.bench.BenchReport.Concurrent;
import org.imagerelease.devtools.bench.BenchReport.FileResult;
import org.imagerelease.devtools.bench.BenchReport.Native;
import org.imagerelease.devtools.bench.BenchReport.Ours;
import org.imagerelease.devtools.bench.BenchReport.Ratio;
import org.imagerelease.devtools.bench.BenchReport.RowSetup;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  private static final long GIB = 1L << 30;
  private static final String SHA = "a".repeat(64);

  @Test
  void showsEachFileInAColumnWithARatioPerRowAndTheTarget() {
    String table = BenchTable.render(report(
        file(XzLayoutKind.MULTI_BLOCK, 1024, 10.0, 12.5, 11.0, 12.0),
        file(XzLayoutKind.SINGLE_BLOCK, 1, 40.0, 30.0, 42.0, 44.1)));

    assertThat(table)
        .containsPattern("multi-block +single-block")
        .containsPattern("compressed +1\\.2 GiB, 1024 xz blocks +1\\.2 GiB, 1 xz block")
        .containsPattern("blocks seen +8192 +8192")
        .containsPattern("zero, skipped +5692")
        .containsPattern("(?s)  pipeline\\n  ours +time +10\\.00 s \\(10\\.00-10\\.00\\) +40\\.00 s.*ratio +native / ours +1\\.25 +0\\.75")
        .containsPattern("(?s)  cloud sink\\n  ours +time +11\\.00 s.*ratio +native / ours +1\\.09 +1\\.05")
        .containsPattern("peak RSS +180\\.0 MiB")
        .containsPattern("live heap +20\\.0 MiB")
        .contains("Target: " + BenchRun.GOAL + ": NOT met (multi-block pipeline 1.25, multi-block cloud sink 1.09, "
            + "single-block pipeline 0.75, single-block cloud sink 1.05)")
        .contains("native: bash -c 'set -o pipefail; { curl -s URL | tee /dev/fd/3 | xz -T0 -dc >/dev/null; } 3>&1 | sha256sum'")
        .contains("xz 5.4.1; curl 7.88.1; openssl 3.0.19")
        .contains("-cp <this process's class path> org.imagerelease.devtools.bench.TransferProbe")
        .contains("8 transfers at once in one child JVM (cloud sink)")
        .containsPattern("multi-block +peak RSS 600\\.0 MiB \\(one transfer: 180\\.0 MiB\\)");
  }

  @Test
  void withoutNativeRunsSaysWhyAndShowsNoRatio() {
    String table = BenchTable.render(report(
        file(XzLayoutKind.MULTI_BLOCK, 1024, 10.0, null, 11.0, null),
        file(XzLayoutKind.SINGLE_BLOCK, 1, 40.0, null, 42.0, null)));

    assertThat(table)
        .contains("not timed (--no-native), so no ratio")
        .contains("not measured (no native runs)")
        .doesNotContain("native / ours");
  }

  private static BenchReport report(FileResult multi, FileResult single) {
    boolean timedNative = multi.row(BenchRow.PIPELINE).nativePipeline() != null;
    List<Ratio> ratios = new ArrayList<>();
    for (FileResult file : List.of(multi, single)) {
      for (Comparison comparison : file.rows()) {
        if (comparison.ratioToNative() != null) {
          ratios.add(new Ratio(file.layout(), comparison.row(), comparison.ratioToNative()));
        }
      }
    }
    return new BenchReport(
        new BenchReport.Machine(2, "Linux 6.1", "amd64", 24 * GIB, "17.0.15", "OpenJDK 64-Bit Server VM",
            "5.4.1", "7.88.1", "openssl", "3.0.19", 0.5, 1.5),
        new BenchReport.Setup(1, 2, 512 * 1024,
            List.of(new RowSetup(BenchRow.PIPELINE, "counting sink",
                    timedNative ? "{ curl -s URL | tee /dev/fd/3 | xz -T0 -dc >/dev/null; } 3>&1 | sha256sum" : null),
                new RowSetup(BenchRow.CLOUD_SINK, "snapshot upload sink",
                    timedNative ? "{ curl -s URL | tee /dev/fd/3 | xz -T0 -dc | sha256sum >&2; } 3>&1 | sha256sum" : null)),
            "transfer only", List.of("-Xmx512m"),
            "/usr/bin/java -Xmx512m -cp /a.jar:/b.jar org.imagerelease.devtools.bench.TransferProbe --url U",
            timedNative ? null : "--no-native", "alternating", "/cache"),
        new BenchReport.Image(4 * GIB, 0.3, 1288 << 20, 42, "/cache/4096MiB", true, 0, "2026-11-24T06:00:00Z", true),
        List.of(multi, single),
        new BenchReport.Target(BenchRun.GOAL, ratios, ratios.isEmpty() ? null : ratios.stream().allMatch(ratio -> ratio.ratio() >= 1.0)),
        List.of(new Concurrent(XzLayoutKind.MULTI_BLOCK, BenchRow.CLOUD_SINK, 8, 80.0, 409.6,
            Spread.of(List.of(70.0, 80.0)), 600L << 20, 300L << 20, 100L << 20, 512L << 20, 180L << 20)),
        null,
        null,
        null);
  }

  private static FileResult file(XzLayoutKind layout, int xzBlocks, double pipelineSeconds, Double pipelineNative,
      double cloudSeconds, Double cloudNative) {
    return new FileResult(layout, "http://127.0.0.1:1/f.xz", 1228L << 20, 4 * GIB, xzBlocks, "xz 5.4.1",
        new Check(SHA, SHA, true, 8192, 2500, 5692),
        List.of(comparison(BenchRow.PIPELINE, pipelineSeconds, pipelineNative),
            comparison(BenchRow.CLOUD_SINK, cloudSeconds, cloudNative)));
  }

  private static Comparison comparison(BenchRow row, double seconds, Double nativeSeconds) {
    Ours ours = new Ours(Spread.of(List.of(seconds)), Spread.of(List.of(seconds + 0.4)), 4096 / seconds,
        1228 / seconds, 8192, 2500, 5692, 180L << 20, 90L << 20, 20L << 20, 512L << 20, List.of("G1 Young Generation"), List.of());
    if (nativeSeconds == null) {
      return new Comparison(row, ours, null, null);
    }
    Native nativeRuns = new Native("curl ...", Spread.of(List.of(nativeSeconds)), 4096 / nativeSeconds,
        1228 / nativeSeconds, SHA, row == BenchRow.CLOUD_SINK ? SHA : null, true);
    return new Comparison(row, ours, nativeRuns, nativeSeconds / seconds);
  }
}
