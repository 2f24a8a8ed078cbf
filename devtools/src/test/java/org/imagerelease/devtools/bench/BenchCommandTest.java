package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.devtools.DevtoolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image-release bench} run in process as a user runs it, at a tiny size, its JSON checked
 * for the figures it must carry. Timings are only checked to be there, never against a limit.
 */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIB = 1 << 20;
  private static final long SIZE = 32 * MIB;
  private static final int BLOCK = 512 * 1024;

  /** Shared, so the tests make the images once, as a user's cache would. */
  @TempDir static Path workDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void reportsBlocksMemoryAndACheckedImageButNoRatioWithoutNative() throws Exception {
    int exit = bench("--size", "32MiB", "--runs", "2", "--no-native", "--rss-sizes", "16MiB,32MiB");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.at("/machine/cores").asInt()).isPositive();
    assertThat(report.at("/setup/runs").asInt()).isEqualTo(2);
    assertThat(report.at("/setup/nativeSkipped").asText()).isEqualTo("--no-native");
    assertThat(report.at("/setup/nativeCommand").isMissingNode()).isTrue();
    assertThat(texts(report.at("/setup/childJavaOptions"))).containsExactly("-Xms64m", "-Xmx512m");
    assertThat(report.at("/image/virtualSize").asLong()).isEqualTo(SIZE);
    assertThat(report.at("/target/ratio").isMissingNode()).isTrue();
    assertThat(report.at("/target/met").isMissingNode()).isTrue();

    JsonNode files = report.get("files");
    assertThat(files).extracting(file -> file.get("layout").asText()).containsExactly("multi-block", "single-block");
    assertThat(files.get(0).get("xzBlocks").asInt()).isEqualTo(8); // 4 MiB xz blocks
    assertThat(files.get(1).get("xzBlocks").asInt()).isEqualTo(1);
    for (JsonNode file : files) {
      assertThat(file.has("ratioToNative")).as("ratio of %s", file.get("layout")).isFalse();
      assertThat(file.has("nativePipeline")).isFalse();
      assertThat(file.get("decodedSize").asLong()).isEqualTo(SIZE);
      JsonNode ours = file.get("ours");
      long seen = ours.get("blocksSeen").asLong();
      assertThat(seen).isEqualTo(SIZE / BLOCK);
      assertThat(ours.get("blocksWritten").asLong() + ours.get("blocksZero").asLong()).isEqualTo(seen);
      // 30 % data in runs of 256 KiB and more: some blocks hold data, most are holes.
      assertThat(ours.get("blocksWritten").asLong()).isBetween(seen / 5, seen / 2);
      assertThat(ours.at("/seconds/values")).hasSize(2);
      assertThat(ours.at("/seconds/median").asDouble()).isPositive();
      assertThat(ours.get("decodedMiBPerSecond").asDouble()).isPositive();
      assertThat(ours.get("peakHeapBytes").asLong()).isPositive().isLessThanOrEqualTo(ours.get("maxHeapBytes").asLong());
      assertThat(ours.get("liveHeapBytes").asLong()).isNotNegative().isLessThanOrEqualTo(ours.get("peakHeapBytes").asLong());
      assertThat(ours.get("maxHeapBytes").asLong()).isLessThanOrEqualTo(512 * MIB);
      assertThat(ours.get("runs")).hasSize(2).allSatisfy(run -> {
        assertThat(run.get("blocksAcceptedBySink").asLong()).isEqualTo(run.get("blocksWritten").asLong());
        assertThat(run.has("decodedSha256")).as("a timed run does not hash the image").isFalse();
      });
      if (isLinux()) {
        assertThat(ours.get("peakRssBytes").asLong()).isGreaterThan(ours.get("peakHeapBytes").asLong());
      }
      JsonNode check = file.get("check");
      assertThat(check.get("agrees").asBoolean()).isTrue();
      assertThat(check.get("decodedSha256").asText()).isEqualTo(check.get("expectedSha256").asText()).hasSize(64);
      assertThat(check.get("blocksSeen").asLong()).isEqualTo(seen);
    }
    assertThat(files.get(0).at("/check/decodedSha256")).isEqualTo(files.get(1).at("/check/decodedSha256"));

    JsonNode rss = report.get("rssBySize");
    assertThat(rss).extracting(row -> row.get("virtualSize").asLong()).containsExactly(16 * MIB, SIZE);
    assertThat(rss.get(0).at("/multiBlock/runs").asInt()).isEqualTo(1);
    assertThat(rss.get(1).at("/multiBlock/runs").asInt()).as("the timed size reuses its runs").isEqualTo(2);
    assertThat(rss.get(1).at("/multiBlock/peakRssBytes")).isEqualTo(files.get(0).at("/ours/peakRssBytes"));
    assertThat(rss.get(0).at("/singleBlock/peakHeapBytes").asLong()).isPositive();
    assertThat(leftoversIn(workDirectory)).as("nothing but the cached image sets is left").isEmpty();
  }

  @Test
  void timesTheNativePipelineOnTheSameUrlAndReportsTheRatio() throws Exception {
    assumeThat(NativePipeline.findTools().missing()).as("bash, curl, xz and sha256sum on the PATH").isEmpty();

    int exit = bench("--size", "32MiB", "--runs", "1", "--no-check");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.at("/setup/nativeCommand").asText()).startsWith("curl -s http://127.0.0.1:").endsWith(" | xz -T0 -dc | sha256sum");
    assertThat(report.at("/setup/nativeSkipped").isMissingNode()).isTrue();
    assertThat(report.at("/machine/xzVersion").asText()).matches("\\d+\\.\\d+.*");
    for (JsonNode file : report.get("files")) {
      JsonNode nativeRuns = file.get("nativePipeline");
      assertThat(nativeRuns.get("command").asText()).contains(file.get("url").asText());
      assertThat(nativeRuns.get("sha256Agrees").asBoolean()).isTrue();
      assertThat(nativeRuns.at("/seconds/values")).hasSize(1);
      double expected = nativeRuns.at("/seconds/median").asDouble() / file.at("/ours/seconds/median").asDouble();
      assertThat(file.get("ratioToNative").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(file.has("check")).isFalse();
    }
    assertThat(report.at("/target/ratio")).isEqualTo(report.at("/files/0/ratioToNative"));
    assertThat(report.at("/target/met").asBoolean()).isEqualTo(report.at("/target/ratio").asDouble() >= 1.0);
  }

  @Test
  void refusesASizeTheGeneratorCannotMake() {
    int exit = bench("--size", "5MiB", "--no-native");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("5MiB").contains("at least 8 MiB");
  }

  @Test
  void refusesAChildJvmWithoutABoundedHeap() {
    int exit = bench("--child-java-options", "-Xms64m", "--no-native");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("-Xmx");
  }

  private int bench(String... options) {
    List<String> args = new ArrayList<>(List.of("bench", "--json", "--work-dir", workDirectory.toString()));
    args.addAll(List.of(options));
    return DevtoolsCli.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(element -> texts.add(element.asText()));
    return texts;
  }

  private static boolean isLinux() {
    return Files.isReadable(Path.of("/proc/self/status"));
  }

  /** Anything in the work directory besides complete image sets: checks, partial sets. */
  private static List<Path> leftoversIn(Path directory) throws Exception {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(entry -> !Files.isRegularFile(entry.resolve(ImageCache.MANIFEST))).toList();
    }
  }
}
