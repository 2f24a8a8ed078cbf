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
  void reportsBothRowsBlocksMemoryAndACheckedImageButNoRatioWithoutNative() throws Exception {
    int exit = bench("--size", "32MiB", "--runs", "2", "--no-native", "--rss-sizes", "16MiB,32MiB", "--concurrent", "2");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.at("/machine/cores").asInt()).isPositive();
    assertThat(report.at("/setup/runs").asInt()).isEqualTo(2);
    assertThat(report.at("/setup/nativeSkipped").asText()).isEqualTo("--no-native");
    assertThat(report.at("/setup/rows")).extracting(row -> row.get("row").asText()).containsExactly("pipeline", "cloud sink");
    assertThat(report.at("/setup/rows")).allSatisfy(row -> assertThat(row.has("nativeCommand")).isFalse());
    assertThat(texts(report.at("/setup/childJavaOptions"))).containsExactly("-Xms64m", "-Xmx512m");
    assertThat(report.at("/setup/childCommand").asText()).contains("--row CLOUD_SINK --upload-to http://127.0.0.1:");
    assertThat(report.at("/image/virtualSize").asLong()).isEqualTo(SIZE);
    assertThat(report.at("/target/ratios")).isEmpty();
    assertThat(report.at("/target/met").isMissingNode()).isTrue();

    JsonNode files = report.get("files");
    assertThat(files).extracting(file -> file.get("layout").asText()).containsExactly("multi-block", "single-block");
    assertThat(files.get(0).get("xzBlocks").asInt()).isEqualTo(8); // 4 MiB xz blocks
    assertThat(files.get(1).get("xzBlocks").asInt()).isEqualTo(1);
    for (JsonNode file : files) {
      assertThat(file.get("decodedSize").asLong()).isEqualTo(SIZE);
      assertThat(file.get("rows")).extracting(row -> row.get("row").asText()).containsExactly("pipeline", "cloud sink");
      long seen = SIZE / BLOCK;
      for (JsonNode row : file.get("rows")) {
        assertThat(row.has("ratioToNative")).as("ratio of %s", file.get("layout")).isFalse();
        assertThat(row.has("nativePipeline")).isFalse();
        JsonNode ours = row.get("ours");
        assertThat(ours.get("blocksSeen").asLong()).isEqualTo(seen);
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
          assertThat(run.get("row").asText()).isEqualTo(row.get("row").asText());
          assertThat(run.get("transfers").asInt()).isEqualTo(1);
          assertThat(run.get("blocksAcceptedBySink").asLong()).isEqualTo(run.get("blocksWritten").asLong());
          assertThat(run.has("decodedSha256")).as("a timed run does not hash the image").isFalse();
        });
        if (isLinux()) {
          assertThat(ours.get("peakRssBytes").asLong()).isGreaterThan(ours.get("peakHeapBytes").asLong());
        }
      }
      assertThat(file.at("/rows/1/ours/blocksWritten")).as("both sinks are handed the same blocks")
          .isEqualTo(file.at("/rows/0/ours/blocksWritten"));
      JsonNode check = file.get("check");
      assertThat(check.get("agrees").asBoolean()).isTrue();
      assertThat(check.get("decodedSha256").asText()).isEqualTo(check.get("expectedSha256").asText()).hasSize(64);
      assertThat(check.get("blocksSeen").asLong()).isEqualTo(seen);
    }
    assertThat(files.get(0).at("/check/decodedSha256")).isEqualTo(files.get(1).at("/check/decodedSha256"));

    JsonNode concurrent = report.get("concurrent");
    assertThat(concurrent).extracting(run -> run.get("layout").asText()).containsExactly("multi-block", "single-block");
    for (int index = 0; index < 2; index++) {
      JsonNode run = concurrent.get(index);
      assertThat(run.get("row").asText()).isEqualTo("cloud sink");
      assertThat(run.get("transfers").asInt()).isEqualTo(2);
      assertThat(run.at("/eachSeconds/values")).hasSize(2);
      assertThat(run.get("peakHeapBytes").asLong()).isPositive().isLessThanOrEqualTo(run.get("maxHeapBytes").asLong());
      assertThat(run.get("singlePeakRssBytes")).isEqualTo(files.get(index).at("/rows/1/ours/peakRssBytes"));
      if (isLinux()) {
        assertThat(run.get("peakRssBytes").asLong()).isGreaterThan(run.get("peakHeapBytes").asLong());
      }
    }

    JsonNode rss = report.get("rssBySize");
    assertThat(rss).extracting(row -> row.get("virtualSize").asLong()).containsExactly(16 * MIB, SIZE);
    assertThat(rss.get(0).at("/multiBlock/runs").asInt()).isEqualTo(1);
    assertThat(rss.get(1).at("/multiBlock/runs").asInt()).as("the timed size reuses its runs").isEqualTo(2);
    assertThat(rss.get(1).at("/multiBlock/peakRssBytes")).isEqualTo(files.get(0).at("/rows/0/ours/peakRssBytes"));
    assertThat(rss.get(0).at("/singleBlock/peakHeapBytes").asLong()).isPositive();
    assertThat(leftoversIn(workDirectory)).as("nothing but the cached image sets is left").isEmpty();
  }

  @Test
  void timesEachRowsNativePipelineOnTheSameUrlAndReportsTheRatios() throws Exception {
    NativePipeline.Tools tools = NativePipeline.findTools(NativeSha256.AUTO);
    assumeThat(tools.missing()).as("bash, curl, tee, xz and openssl or sha256sum on the PATH").isEmpty();

    int exit = bench("--size", "32MiB", "--runs", "1", "--no-check", "--concurrent", "0");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.at("/setup/rows/0/nativeCommand").asText())
        .startsWith("{ curl -s http://127.0.0.1:").endsWith(" | tee /dev/fd/3 | xz -T0 -dc >/dev/null; } 3>&1 | " + tools.sha256().command());
    assertThat(report.at("/setup/rows/1/nativeCommand").asText())
        .startsWith("{ curl -s http://127.0.0.1:").endsWith(" | tee /dev/fd/3 | xz -T0 -dc | " + tools.sha256().command() + " >&2; } 3>&1 | " + tools.sha256().command());
    assertThat(report.at("/setup/nativeSkipped").isMissingNode()).isTrue();
    assertThat(report.at("/machine/xzVersion").asText()).matches("\\d+\\.\\d+.*");
    assertThat(report.at("/machine/sha256Tool").asText()).isEqualTo(tools.sha256().tool());
    assertThat(report.has("concurrent")).as("--concurrent 0").isFalse();
    for (JsonNode file : report.get("files")) {
      for (JsonNode row : file.get("rows")) {
        JsonNode nativeRuns = row.get("nativePipeline");
        assertThat(nativeRuns.get("command").asText()).contains(file.get("url").asText());
        assertThat(nativeRuns.get("sha256Agrees").asBoolean()).isTrue();
        assertThat(nativeRuns.get("compressedSha256").asText()).hasSize(64);
        assertThat(nativeRuns.has("decodedSha256")).as("the %s row hashes the decoded image", row.get("row"))
            .isEqualTo(row.get("row").asText().equals("cloud sink"));
        assertThat(nativeRuns.at("/seconds/values")).hasSize(1);
        double expected = nativeRuns.at("/seconds/median").asDouble() / row.at("/ours/seconds/median").asDouble();
        assertThat(row.get("ratioToNative").asDouble()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
      }
      assertThat(file.has("check")).isFalse();
    }
    assertThat(report.at("/target/ratios")).hasSize(4);
    assertThat(report.at("/target/ratios/0/ratio")).isEqualTo(report.at("/files/0/rows/0/ratioToNative"));
    boolean allReached = true;
    for (JsonNode ratio : report.at("/target/ratios")) {
      allReached &= ratio.get("ratio").asDouble() >= 1.0;
    }
    assertThat(report.at("/target/met").asBoolean()).isEqualTo(allReached);
  }

  @Test
  void refusesASizeTheGeneratorCannotMake() {
    int exit = bench("--size", "5MiB", "--no-native");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("5MiB").contains("at least 8 MiB");
  }

  @Test
  void refusesAnUnknownHashingTool() {
    int exit = bench("--native-sha256", "md5sum", "--no-native");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("auto, openssl or sha256sum");
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
