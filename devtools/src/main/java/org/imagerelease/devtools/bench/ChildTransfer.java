package org.imagerelease.devtools.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link TransferProbe} in a child JVM: the same java and class path as this process, with
 * its own heap limit, so the memory it reports belongs to its transfers alone.
 *
 * @param javaOptions options of the child JVM, e.g. {@code -Xmx512m}
 * @param decodeThreads xz blocks decoded at once
 * @param uploadTo the snapshot upload server the cloud sink row sends to
 */
record ChildTransfer(List<String> javaOptions, int decodeThreads, URI uploadTo) {

  ChildTransfer {
    javaOptions = List.copyOf(javaOptions);
  }

  /** One run of the child and how long its process lived. */
  record Outcome(ProbeResult result, long processNanos) {}

  /** The java command this process runs on. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The start of every child's command: this process's java and class path, the child's own
   * options and {@code main}; the caller adds the arguments.
   */
  static List<String> javaCommand(List<String> javaOptions, Class<?> main) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(javaOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    return command;
  }

  /** Transfers {@code file} into the sink of {@code row}, {@code transfers} times at once. */
  Outcome run(ServedFile file, BenchRow row, int transfers) throws IOException {
    return run(file, command(file, row, transfers, null));
  }

  /** One pipeline transfer that also writes the decoded image to {@code writeTo} and hashes it. */
  Outcome check(ServedFile file, Path writeTo) throws IOException {
    return run(file, command(file, BenchRow.PIPELINE, 1, writeTo));
  }

  private Outcome run(ServedFile file, List<String> command) throws IOException {
    TimedProcess process = TimedProcess.run(command);
    String lastLine = process.lastJsonLine();
    if (process.exitCode() != 0 || lastLine.isEmpty()) {
      throw new IOException("the transfer of " + file.url() + " in a child JVM failed (exit "
          + process.exitCode() + "): " + process.stderr().strip());
    }
    return new Outcome(TransferProbe.parse(lastLine), process.nanos());
  }

  /** The child's command line, as the report shows it. */
  List<String> command(ServedFile file, BenchRow row, int transfers, Path writeTo) {
    List<String> command = javaCommand(javaOptions, TransferProbe.class);
    command.addAll(List.of("--url", file.url().toString(),
        "--compressed-size", Long.toString(file.image().size()),
        "--sha256", file.image().sha256(),
        "--threads", Integer.toString(decodeThreads),
        "--row", row.name()));
    if (row == BenchRow.CLOUD_SINK) {
      command.addAll(List.of("--upload-to", uploadTo.toString()));
    }
    if (transfers != 1) {
      command.addAll(List.of("--transfers", Integer.toString(transfers)));
    }
    if (writeTo != null) {
      command.addAll(List.of("--write-to", writeTo.toString()));
    }
    return command;
  }
}
