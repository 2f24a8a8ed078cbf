package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eight transfers of 4 MiB blocks at once, in a worker JVM with a 192 MiB heap: each would
 * like about 200 MiB of block buffers, compressed blocks and dictionaries. The worker's one
 * memory budget makes them share; without it the same run dies of OutOfMemoryError.
 */
class TransfersUnderOneHeapTest {
  private static final int BLOCK = 4 << 20;
  private static final int TRANSFERS = 8;
  private static final String HEAP = "-Xmx192m";
  @RegisterExtension static final LoopbackMirror server = LoopbackMirror.forTestClass();

  @Test
  void eightTransfersShareOneHeapThroughTheWorkersMemoryBudget() throws Exception {
    Run run = transfers(0);

    System.out.println("8 transfers under " + HEAP + ": " + run.output());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("completed 8 of 8 transfers");
  }

  @Test
  void withoutABudgetThatFitsTheHeapTheSameRunRunsOutOfMemory() throws Exception {
    Run run = transfers(8L << 30);

    assertThat(run.exitCode()).as("exit code of a JVM stopped by -XX:+ExitOnOutOfMemoryError; output: %s", run.output()).isEqualTo(3);
  }

  private record Run(int exitCode, String output) {}

  private Run transfers(long budget) throws IOException, InterruptedException {
    byte[] image = TestImages.denseImage(48 << 20, 1 << 20, 17);
    byte[] file = TestImages.xzWithBlocksOf(image, 8 << 20);
    URI uri = server.serve("/heap.raw.xz", file);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP,
        "-XX:+ExitOnOutOfMemoryError",
        // Under surefire this is a manifest-only jar naming the whole test class path.
        "-cp",
        System.getProperty("java.class.path"),
        ConcurrentTransfers.class.getName(),
        Long.toString(budget),
        Integer.toString(BLOCK)));
    for (int i = 0; i < TRANSFERS; i++) {
      command.addAll(List.of(uri.toString(), Integer.toString(file.length), TestImages.sha256(file)));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String last = output.lines().reduce((a, b) -> b).orElse("");
    return new Run(process.exitValue(), process.exitValue() == 0 ? last : output.substring(Math.max(0, output.length() - 2000)));
  }
}
