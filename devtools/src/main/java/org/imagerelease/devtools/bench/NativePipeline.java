package org.imagerelease.devtools.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a person would type to do the transfer's work with the usual tools: {@code curl -s URL |
 * xz -T0 -dc | sha256sum}. Download, decode on all cores and hash the decoded image; the yardstick
 * the pipeline is measured against.
 *
 * @param xzThreads the {@code -T} of xz: 0 for all cores, or the bench's {@code --threads}
 */
record NativePipeline(int xzThreads) {
  static final List<String> TOOLS = List.of("bash", "curl", "xz", "sha256sum");

  /**
   * The tools on this machine's PATH.
   *
   * @param missing the tools not found; empty when the pipeline can run
   * @param xzVersion e.g. {@code 5.4.1}, or null
   * @param curlVersion e.g. {@code 7.88.1}, or null
   */
  record Tools(List<String> missing, String xzVersion, String curlVersion) {
    boolean complete() {
      return missing.isEmpty();
    }
  }

  /** One timed run: wall time and the SHA-256 sha256sum printed. */
  record Run(long nanos, String decodedSha256) {
    double seconds() {
      return nanos / 1e9;
    }
  }

  /** Looks for the tools on the PATH and asks xz and curl for their versions. */
  static Tools findTools() {
    List<String> missing = TOOLS.stream().filter(tool -> onPath(tool).isEmpty()).toList();
    String xz = onPath("xz").flatMap(NativePipeline::versionOf).orElse(null);
    String curl = onPath("curl").flatMap(NativePipeline::versionOf).orElse(null);
    return new Tools(missing, xz, curl);
  }

  /** The command as it is timed, for {@code url}. */
  String command(URI url) {
    return "curl -s " + url + " | xz -T" + xzThreads + " -dc | sha256sum";
  }

  /** Runs the command once under bash, failing if any part of the pipe does. */
  Run run(URI url) throws IOException {
    TimedProcess process = TimedProcess.run(List.of("bash", "-c", "set -o pipefail; " + command(url)));
    // "<64 hex digits>  -"
    String digest = process.stdout().strip().split("\\s+")[0];
    if (process.exitCode() != 0 || !digest.matches("[0-9a-f]{64}")) {
      throw new IOException(command(url) + " failed (exit " + process.exitCode() + "): "
          + process.stderr().strip());
    }
    return new Run(process.nanos(), digest);
  }

  private static Optional<Path> onPath(String tool) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The version on the first line of {@code --version}: "xz (XZ Utils) 5.4.1", "curl 7.88.1 (...)". */
  private static Optional<String> versionOf(Path executable) {
    try {
      String first = TimedProcess.run(List.of(executable.toString(), "--version")).stdout()
          .lines().findFirst().orElse("");
      for (String word : first.split("\\s+")) {
        if (word.matches("\\d+(\\.\\d+)+.*")) {
          return Optional.of(word);
        }
      }
      return first.isBlank() ? Optional.empty() : Optional.of(first);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
