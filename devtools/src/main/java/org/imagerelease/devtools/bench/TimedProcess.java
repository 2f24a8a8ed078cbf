package org.imagerelease.devtools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A command run to its end, timed from start to exit, with what it printed.
 *
 * @param exitCode its exit code
 * @param stdout everything on its standard output
 * @param stderr everything on its standard error
 * @param nanos wall time from starting the process to its exit
 */
record TimedProcess(int exitCode, String stdout, String stderr, long nanos) {

  /** Runs {@code command} and waits for it; both outputs are read as they come so it never blocks. */
  static TimedProcess run(List<String> command) throws IOException {
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    String output = drain(process.getInputStream());
    try {
      int exit = process.waitFor();
      long took = System.nanoTime() - started;
      return new TimedProcess(exit, output, errors.join(), took);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + command.get(0) + " ran", e);
    }
  }

  /** The last line of its standard output that starts a JSON object, or "": what a child reports. */
  String lastJsonLine() {
    return stdout.lines().filter(line -> line.startsWith("{")).reduce((first, second) -> second).orElse("");
  }

  private static String drain(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read: " + e + ")";
    }
  }
}
