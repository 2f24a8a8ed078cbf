package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imagerelease.devtools.bench.BenchReport.Check;
import org.imagerelease.devtools.bench.BenchReport.FileResult;
import org.imagerelease.devtools.bench.BenchReport.Native;
import org.imagerelease.devtools.bench.BenchReport.Ours;
import org.junit.jupiter.api.Test;

class BenchTableTest {
  private static final long GIB = 1L << 30;
  private static final String SHA = "a".repeat(64);

  @Test
  void showsEachFileInAColumnWithTheRatioAndTheTarget() {
    String table = BenchTable.render(report(
        file(XzLayoutKind.MULTI_BLOCK, 1024, 10.0, new Native("curl ... | xz -T0 -dc | sha256sum",
            Spread.of(List.of(12.5)), 327.7, 98.3, SHA, true)),
        file(XzLayoutKind.SINGLE_BLOCK, 1, 40.0, new Native("curl", Spread.of(List.of(30.0)), 136.5, 40.9, SHA, true))));

    assertThat(table)
        .containsPattern("multi-block +single-block")
        .containsPattern("compressed +1\\.2 GiB, 1024 xz blocks +1\\.2 GiB, 1 xz block")
        .containsPattern("ours +time +10\\.00 s \\(10\\.00-10\\.00\\) +40\\.00 s")
        .containsPattern("blocks seen +8192 +8192")
        .containsPattern("zero, skipped +5692")
        .containsPattern("peak RSS +180\\.0 MiB")
        .containsPattern("live heap +20\\.0 MiB")
        .containsPattern("ratio +native / ours +1\\.25 +0\\.75")
        .contains("Target: " + BenchRun.GOAL + ": met (1.25)")
        .contains("bash -c 'set -o pipefail; curl -s URL | xz -T0 -dc | sha256sum'")
        .contains("-cp <this process's class path> org.imagerelease.devtools.bench.TransferProbe");
  }

  @Test
  void withoutNativeRunsSaysWhyAndShowsNoRatio() {
    String table = BenchTable.render(report(
        file(XzLayoutKind.MULTI_BLOCK, 1024, 10.0, null), file(XzLayoutKind.SINGLE_BLOCK, 1, 40.0, null)));

    assertThat(table)
        .contains("not timed (--no-native), so no ratio")
        .contains("not measured (no native runs)")
        .doesNotContain("native / ours");
  }

  private static BenchReport report(FileResult multi, FileResult single) {
    boolean timedNative = multi.nativePipeline() != null;
    return new BenchReport(
        new BenchReport.Machine(2, "Linux 6.1", "amd64", 24 * GIB, "17.0.15", "OpenJDK 64-Bit Server VM",
            "5.4.1", "7.88.1", 0.5, 1.5),
        new BenchReport.Setup(1, 2, 512 * 1024, "counting sink", "transfer only", List.of("-Xmx512m"),
            "/usr/bin/java -Xmx512m -cp /a.jar:/b.jar org.imagerelease.devtools.bench.TransferProbe --url U",
            timedNative ? "curl -s URL | xz -T0 -dc | sha256sum" : null, timedNative ? null : "--no-native",
            "alternating", "/cache"),
        new BenchReport.Image(4 * GIB, 0.3, 1288 << 20, 42, "/cache/4096MiB", true, 0, "2026-11-24T06:00:00Z"),
        List.of(multi, single),
        new BenchReport.Target(BenchRun.GOAL, multi.ratioToNative(),
            multi.ratioToNative() == null ? null : multi.ratioToNative() >= 1.0),
        null);
  }

  private static FileResult file(XzLayoutKind layout, int xzBlocks, double seconds, Native nativeRuns) {
    Ours ours = new Ours(Spread.of(List.of(seconds)), Spread.of(List.of(seconds + 0.4)), 4096 / seconds,
        1228 / seconds, 8192, 2500, 5692, 180L << 20, 90L << 20, 20L << 20, 512L << 20, List.of("G1 Young Generation"), List.of());
    Double ratio = nativeRuns == null ? null : nativeRuns.seconds().median() / seconds;
    return new FileResult(layout, "http://127.0.0.1:1/f.xz", 1228L << 20, 4 * GIB, xzBlocks, "xz 5.4.1",
        ours, new Check(SHA, SHA, true, 8192, 2500, 5692), nativeRuns, ratio);
  }
}
