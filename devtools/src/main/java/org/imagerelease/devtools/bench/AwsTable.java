package org.imagerelease.devtools.bench;

import java.util.Locale;
import java.util.stream.Collectors;
import org.imagerelease.devtools.bench.BenchReport.AwsResult;
import org.imagerelease.devtools.bench.BenchReport.AwsRun;
import org.imagerelease.devtools.bench.BenchReport.KillAndResume;

/** The AWS section of {@code image-release bench}'s table: the setup, the timed runs, the kill run, the goals. */
final class AwsTable {
  private static final String LINE = "    %-11s %s%n";

  private AwsTable() {}

  static void render(AwsResult aws, StringBuilder out) {
    out.append("\n  AWS target: the upload step of the AWS target (real SDK clients) in a child JVM, into a local AWS endpoint\n");
    line(out, "endpoint", aws.endpoint());
    line(out, "upload", String.format(Locale.ROOT, "the %s file; %d blocks in flight (the worker's default is %d); "
            + "a checkpoint every %.0f ms", aws.source().label(), aws.parallelism(), aws.defaultParallelism(),
        aws.checkpointIntervalSeconds() * 1000));
    line(out, "ceiling", String.format(Locale.ROOT, "min(%d in flight / %.0f ms, %d/s) = %.0f puts/s", aws.parallelism(),
        aws.putLatencySeconds() * 1000, aws.putsPerSecondCap(), aws.ceilingPutsPerSecond()));
    line(out, "child", BenchTable.abbreviated(aws.childCommand()));
    line(out, "timing", aws.timing());
    AwsRun last = aws.runs().get(aws.runs().size() - 1);
    line(out, "puts/s", String.format(Locale.ROOT, "%.0f (%.0f-%.0f) over %d run%s, %.0f %% of the ceiling",
        aws.putsPerSecond().median(), aws.putsPerSecond().min(), aws.putsPerSecond().max(), aws.runs().size(),
        aws.runs().size() == 1 ? "" : "s", 100 * aws.putsPerSecond().median() / aws.ceilingPutsPerSecond()));
    line(out, "later half", String.format(Locale.ROOT, "%.0f (%.0f-%.0f) puts/s over the puts answered after the middle one",
        aws.laterHalfPutsPerSecond().median(), aws.laterHalfPutsPerSecond().min(), aws.laterHalfPutsPerSecond().max()));
    line(out, "put window", BenchTable.seconds(aws.putWindowSeconds()));
    line(out, "upload step", BenchTable.seconds(aws.seconds()));
    line(out, "blocks", String.format(Locale.ROOT, "%d put, %d zero skipped; throttled puts per run: %s",
        last.blocksPut(), last.blocksZero(),
        aws.runs().stream().map(run -> Long.toString(run.throttled())).collect(Collectors.joining(", "))));
    line(out, "snapshots", aws.runs().stream().allMatch(AwsRun::snapshotCompleted)
        ? "every run's snapshot completed: its block count and LINEAR checksum accepted"
        : "NOT every snapshot completed");
    line(out, "peak RSS", String.format(Locale.ROOT, "%s (heap: %s in use at most, limit %s)",
        BenchTable.memory(aws.peakRssBytes()), BenchTable.memory(aws.peakHeapBytes()), BenchTable.memory(aws.maxHeapBytes())));
    killRun(aws.killAndResume(), out);
    line(out, "goal", aws.goal() + ": puts/s " + (aws.putsGoalMet() ? "met" : "NOT met") + ", re-sent "
        + (aws.resentGoalMet() ? "met" : "NOT met") + " (reported, not enforced)");
  }

  private static void killRun(KillAndResume killed, StringBuilder out) {
    line(out, "kill run", String.format(Locale.ROOT, "SIGKILL after %d puts (%.0f %% asked); %d more it had in flight "
            + "landed; its last checkpoint covered %d", killed.putsAtKill(), killed.killAt() * 100, killed.putsInFlight(),
        killed.checkpointedBlocks()));
    line(out, "", String.format(Locale.ROOT, "resumed %s: %d puts in %.2f s, snapshot %s; %d throttled in all",
        killed.resumedFromCheckpoint() ? "from that checkpoint" : "without a checkpoint (none was written)",
        killed.putsByResume(), killed.resumeSeconds(), killed.snapshotCompleted() ? "completed" : "NOT completed",
        killed.throttled()));
    line(out, "re-sent", String.format(Locale.ROOT, "%d of %d blocks = %.2f %% (puts %d - distinct blocks %d); "
            + "the puts in flight at the kill alone are %.2f %%", killed.blocksResent(), killed.distinctBlocks(),
        killed.resentPercent(), killed.putsTotal(), killed.distinctBlocks(), killed.inFlightPercent()));
  }

  private static void line(StringBuilder out, String label, String text) {
    out.append(String.format(Locale.ROOT, LINE, label, text));
  }
}
