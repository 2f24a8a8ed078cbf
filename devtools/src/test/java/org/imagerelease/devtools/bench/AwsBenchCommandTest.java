package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.devtools.DevtoolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image-release bench --target aws} run in process as a user runs it, at a small size: the
 * real AWS upload step in child JVMs against the local AWS endpoint, one of them killed midway.
 * The figures are checked to be there and to add up, never against a time.
 */
class AwsBenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIB = 1 << 20;
  private static final int BLOCK = 512 * 1024;

  /** Shared, so the tests make the image once, as a user's cache would. */
  @TempDir static Path workDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void uploadsIntoCompletedSnapshotsAndReportsPutsThrottlesMemoryAndTheBlocksAKillSendsTwice() throws Exception {
    // Few blocks in flight and frequent checkpoints, so that the kill lands midway on any machine.
    int exit = bench("--json", "--target", "aws", "--size", "64MiB", "--runs", "1", "--aws-parallelism", "4",
        "--checkpoint-interval", "50");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.has("setup")).as("no mirror rows with --target aws").isFalse();
    assertThat(report.get("files")).isEmpty();
    JsonNode aws = report.get("aws");
    assertThat(aws.get("parallelism").asInt()).isEqualTo(4);
    assertThat(aws.get("defaultParallelism").asInt()).isEqualTo(64);
    assertThat(aws.get("putLatencySeconds").asDouble()).isEqualTo(0.1);
    assertThat(aws.get("putsPerSecondCap").asInt()).isEqualTo(1000);
    assertThat(aws.get("ceilingPutsPerSecond").asDouble()).isEqualTo(40.0);
    assertThat(aws.get("childCommand").asText()).contains("AwsUploadProbe").contains("--parallelism 4");

    long blocks = 64 * MIB / BLOCK;
    JsonNode run = aws.at("/runs/0");
    assertThat(run.get("snapshotCompleted").asBoolean()).isTrue();
    assertThat(run.get("blocksPut").asLong() + run.get("blocksZero").asLong()).isEqualTo(blocks);
    assertThat(run.get("blocksPut").asLong()).isBetween(blocks / 5, blocks / 2);
    assertThat(run.get("throttled").asLong()).isNotNegative();
    assertThat(run.get("putsPerSecond").asDouble()).isPositive();
    assertThat(run.at("/child/peakRssBytes").asLong()).isNotZero();
    assertThat(aws.at("/putsPerSecond/median").asDouble()).isEqualTo(run.get("putsPerSecond").asDouble());

    JsonNode killed = aws.get("killAndResume");
    long dataBlocks = run.get("blocksPut").asLong();
    assertThat(killed.get("snapshotCompleted").asBoolean()).isTrue();
    assertThat(killed.get("distinctBlocks").asLong()).isEqualTo(dataBlocks);
    assertThat(killed.get("putsAtKill").asLong()).isBetween(dataBlocks / 2, dataBlocks - 1);
    assertThat(killed.get("resumedFromCheckpoint").asBoolean()).isTrue();
    assertThat(killed.get("checkpointedBlocks").asLong()).isPositive().isLessThanOrEqualTo(killed.get("putsAtKill").asLong());
    assertThat(killed.get("putsTotal").asLong())
        .isEqualTo(killed.get("putsAtKill").asLong() + killed.get("putsInFlight").asLong() + killed.get("putsByResume").asLong());
    assertThat(killed.get("blocksResent").asLong())
        .isEqualTo(killed.get("putsTotal").asLong() - dataBlocks)
        .as("the resume sends again only what the checkpoint lacked: a few blocks, not the image")
        .isLessThanOrEqualTo(dataBlocks / 2);
    assertThat(killed.get("resentPercent").asDouble()).isLessThanOrEqualTo(50.0);
    assertThat(aws.get("resentGoalMet").asBoolean()).isEqualTo(killed.get("resentPercent").asDouble() <= 2.0);
  }

  @Test
  void theImageUncompressedUploadsIntoTheSameBlocksAndOverHttpsTheChildTrustsTheEndpoint() throws Exception {
    // One bench run for both (each costs about twenty seconds of the suite).
    int exit = bench("--json", "--target", "aws", "--aws-source", "RAW", "--aws-https", "--size", "64MiB", "--runs", "1",
        "--aws-parallelism", "4", "--checkpoint-interval", "50");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    JsonNode aws = report.get("aws");
    assertThat(aws.get("source").asText()).isEqualTo("uncompressed raw");
    assertThat(aws.get("childCommand").asText()).contains("--format raw");
    assertThat(aws.get("endpoint").asText()).contains("HTTPS").contains("unsigned");
    assertThat(aws.get("childCommand").asText()).contains("--endpoint https://127.0.0.1:").contains("-Djavax.net.ssl.trustStore=");
    JsonNode run = aws.at("/runs/0");
    assertThat(run.get("snapshotCompleted").asBoolean()).isTrue();
    assertThat(run.get("blocksPut").asLong() + run.get("blocksZero").asLong()).isEqualTo(64 * MIB / BLOCK);
    assertThat(run.get("laterHalfPutsPerSecond").asDouble()).isPositive();
    assertThat(aws.at("/killAndResume/snapshotCompleted").asBoolean()).isTrue();
    assertThat(aws.at("/killAndResume/distinctBlocks").asLong()).isEqualTo(run.get("blocksPut").asLong());
    assertThat(report.at("/image/cached").asBoolean()).as("the raw image is not kept").isFalse();
    assertThat(report.at("/image/dataBytes").asLong()).isPositive();
  }

  @Test
  void theTableShowsTheAwsSectionWithItsGoals() {
    int exit = bench("--target", "aws", "--size", "64MiB", "--runs", "1", "--aws-parallelism", "4",
        "--checkpoint-interval", "50");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    assertThat(out.toString())
        .contains("AWS target:")
        .contains("4 blocks in flight (the worker's default is 64)")
        .contains("min(4 in flight / 100 ms, 1000/s) = 40 puts/s")
        .contains("every run's snapshot completed")
        .contains("kill run")
        .containsPattern("re-sent +\\d+ of \\d+ blocks = \\d+\\.\\d\\d %")
        .contains("(reported, not enforced)");
  }

  @Test
  void refusesAParallelismTheConfigurationRefuses() {
    int exit = bench("--target", "aws", "--aws-parallelism", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--aws-parallelism");
  }

  private int bench(String... options) {
    List<String> args = new ArrayList<>(List.of("bench", "--work-dir", workDirectory.toString()));
    args.addAll(List.of(options));
    return DevtoolsCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
  }
}
