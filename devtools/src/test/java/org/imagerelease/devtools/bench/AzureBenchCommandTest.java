package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.imagerelease.devtools.DevtoolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image-release bench --target azure} run in process as a user runs it, at a small size:
 * the real page blob upload step in a child JVM into local Blob storage, beside the mirror's
 * transfer of the same VHD. The figures are checked to be there and to add up, never against a
 * time.
 */
class AzureBenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIB = 1 << 20;
  private static final long PAGE = 512;

  @TempDir Path workDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void uploadsTheVhdIntoACompleteBlobAndReportsItsPaceBesideTheMirrorsWithPagesAndMemory() throws Exception {
    int exit = DevtoolsCli.run(new String[] {"bench", "--work-dir", workDirectory.toString(), "--json",
        "--target", "azure", "--size", "16MiB", "--runs", "1"}, new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.has("setup")).as("no mirror rows with --target azure").isFalse();
    assertThat(report.has("aws")).isFalse();
    JsonNode azure = report.get("azure");
    assertThat(azure.get("storage").asText()).containsAnyOf("Azurite", "embedded page-blob service");
    assertThat(azure.at("/file/decodedSize").asLong()).isEqualTo(16 * MIB + PAGE);
    assertThat(azure.get("childCommand").asText()).contains("AzureUploadProbe").contains("--parallelism 16");

    JsonNode run = azure.at("/runs/0");
    assertThat(run.get("blobComplete").asBoolean()).isTrue();
    assertThat(run.get("miBPerSecond").asDouble()).isPositive();
    assertThat(run.get("mirrorMiBPerSecond").asDouble()).isPositive();
    assertThat(azure.get("ratioToMirror").asDouble())
        .isEqualTo(azure.get("miBPerSecond").asDouble() / azure.get("mirrorMiBPerSecond").asDouble());

    long pages = (16 * MIB + PAGE) / PAGE;
    long sent = azure.get("pagesSent").asLong();
    assertThat(sent + azure.get("pagesSkipped").asLong()).isEqualTo(pages);
    // 30 % data in extents with holes between them, and the footer page always.
    assertThat(sent).isBetween(pages / 5, pages / 2);
    assertThat(azure.get("putPageRequests").asLong()).isPositive().isLessThanOrEqualTo(sent);
    assertThat(azure.get("blocksWritten").asLong() + azure.get("blocksZero").asLong()).isEqualTo(5); // 4 MiB blocks, the last one the footer's
    assertThat(azure.get("peakRssBytes").asLong()).isNotZero();
    assertThat(azure.get("mirrorPeakRssBytes").asLong()).isNotZero();

    assertThat(BenchTable.render(JSON.treeToValue(report, BenchReport.class)))
        .contains("Azure target:")
        .containsPattern("MiB/s +upload \\d+, mirror \\d+: the upload keeps \\d+\\.\\d\\d of the mirror's pace")
        .containsPattern("pages +" + sent + " of " + pages + " sent")
        .contains("every run's blob complete");
  }
}
