package org.imagerelease.devtools.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link TransferProbe} in a child JVM: the same java and class path as this process, with
 * its own heap limit, so the memory it reports belongs to one transfer alone.
 *
 * @param javaOptions options of the child JVM, e.g. {@code -Xmx512m}
 * @param decodeThreads xz blocks decoded at once
 */
record ChildTransfer(List<String> javaOptions, int decodeThreads) {

  ChildTransfer {
    javaOptions = List.copyOf(javaOptions);
  }

  /** One run of the child and how long its process lived. */
  record Outcome(ProbeResult result, long processNanos) {}

  /** The java command this process runs on. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Transfers {@code file} once; with {@code writeTo} also checks what it decoded. */
  Outcome run(ServedFile file, Path writeTo) throws IOException {
    TimedProcess process = TimedProcess.run(command(file, writeTo));
    String lastLine = process.stdout().lines().filter(line -> line.startsWith("{"))
        .reduce((first, second) -> second).orElse("");
    if (process.exitCode() != 0 || lastLine.isEmpty()) {
      throw new IOException("the transfer of " + file.url() + " in a child JVM failed (exit "
          + process.exitCode() + "): " + process.stderr().strip());
    }
    return new Outcome(TransferProbe.parse(lastLine), process.nanos());
  }

  /** The child's command line, as the report shows it. */
  List<String> command(ServedFile file, Path writeTo) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(javaOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TransferProbe.class.getName());
    command.addAll(List.of("--url", file.url().toString(),
        "--compressed-size", Long.toString(file.image().size()),
        "--sha256", file.image().sha256(),
        "--threads", Integer.toString(decodeThreads)));
    if (writeTo != null) {
      command.addAll(List.of("--write-to", writeTo.toString()));
    }
    return command;
  }
}
