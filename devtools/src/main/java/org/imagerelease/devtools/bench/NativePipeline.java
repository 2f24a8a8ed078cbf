package org.imagerelease.devtools.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a person would type to do the pipeline's work with the usual tools, one command per
 * {@link BenchRow}, each doing that row's work and no more (SHA256 stands for the {@link
 * NativeSha256} tool):
 *
 * <ul>
 *   <li>pipeline: download, SHA-256 of the compressed file, decode on all cores, throw the image
 *       away: {@code { curl -s URL | tee /dev/fd/3 | xz -T0 -dc >/dev/null; } 3>&1 | SHA256}
 *   <li>cloud sink: the same, and hash the decoded image: {@code { curl -s URL | tee /dev/fd/3 |
 *       xz -T0 -dc | SHA256 >&2; } 3>&1 | SHA256}
 * </ul>
 *
 * The compressed file's hash runs as a member of the pipe rather than in a process substitution,
 * which bash would not wait for: the time then ends only when every hash is printed.
 *
 * @param xzThreads the {@code -T} of xz: 0 for all cores, or the bench's {@code --threads}
 * @param sha256 what hashes
 */
record NativePipeline(int xzThreads, NativeSha256 sha256) {
  static final List<String> TOOLS = List.of("bash", "curl", "tee", "xz");

  /**
   * The tools on this machine's PATH.
   *
   * @param missing the tools not found; empty when the pipeline can run
   * @param sha256 the hashing tool the option asked for, present or not
   * @param xzVersion e.g. {@code 5.4.1}, or null
   * @param curlVersion e.g. {@code 7.88.1}, or null
   * @param sha256Version the hashing tool's version, e.g. {@code 3.0.19}, or null
   */
  record Tools(List<String> missing, NativeSha256 sha256, String xzVersion, String curlVersion, String sha256Version) {
    boolean complete() {
      return missing.isEmpty();
    }
  }

  /**
   * One timed run: wall time and the hashes printed.
   *
   * @param compressedSha256 of the file as downloaded
   * @param decodedSha256 of the decoded image, for the cloud sink row; null for the pipeline row
   */
  record Run(long nanos, String compressedSha256, String decodedSha256) {
    double seconds() {
      return nanos / 1e9;
    }
  }

  /**
   * Looks for the tools on the PATH and asks for their versions.
   *
   * @param sha256Option {@code auto}, {@code openssl} or {@code sha256sum}
   */
  static Tools findTools(String sha256Option) {
    NativeSha256 sha256 = NativeSha256.chosen(sha256Option, onPath(NativeSha256.OPENSSL.tool()).isPresent());
    List<String> missing = Stream.concat(TOOLS.stream(), Stream.of(sha256.tool()))
        .filter(tool -> onPath(tool).isEmpty()).toList();
    String xz = onPath("xz").flatMap(tool -> versionOf(tool, "--version")).orElse(null);
    String curl = onPath("curl").flatMap(tool -> versionOf(tool, "--version")).orElse(null);
    String hasher = onPath(sha256.tool()).flatMap(tool -> versionOf(tool, sha256.versionArgument())).orElse(null);
    return new Tools(missing, sha256, xz, curl, hasher);
  }

  /** The command of {@code row} as it is timed, for {@code url}. */
  String command(BenchRow row, URI url) {
    String decoded = switch (row) {
      case PIPELINE -> " >/dev/null";
      case CLOUD_SINK -> " | " + sha256.command() + " >&2";
    };
    return "{ curl -s " + url + " | tee /dev/fd/3 | xz -T" + xzThreads + " -dc" + decoded + "; } 3>&1 | " + sha256.command();
  }

  /**
   * Runs the command once under bash, failing if any part of the pipe does. The compressed
   * file's hash comes on stdout, the decoded image's on stderr.
   */
  Run run(BenchRow row, URI url) throws IOException {
    TimedProcess process = TimedProcess.run(List.of("bash", "-c", "set -o pipefail; " + command(row, url)));
    String compressed = lastDigest(process.stdout());
    String decoded = row == BenchRow.CLOUD_SINK ? lastDigest(process.stderr()) : "";
    if (process.exitCode() != 0 || compressed == null || decoded == null) {
      throw new IOException(command(row, url) + " failed (exit " + process.exitCode() + "): "
          + process.stderr().strip());
    }
    return new Run(process.nanos(), compressed, decoded.isEmpty() ? null : decoded);
  }

  /** The digest of the last "{@code <64 hex digits> <name>}" line the hashing tool printed, or null. */
  private static String lastDigest(String output) {
    return output.lines().map(line -> line.split("\\s+")[0]).filter(word -> word.matches("[0-9a-f]{64}"))
        .reduce((first, second) -> second).orElse(null);
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

  /**
   * The version on the first line the tool prints when asked: "xz (XZ Utils) 5.4.1", "curl 7.88.1
   * (...)", "OpenSSL 3.0.19 27 Jan 2026 (...)".
   */
  private static Optional<String> versionOf(Path executable, String argument) {
    try {
      String first = TimedProcess.run(List.of(executable.toString(), argument)).stdout()
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
