package org.imagerelease.localcloud.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code xz} command of this machine, if there is one that runs. xz 5.4 or later compresses
 * on all cores and cuts blocks with {@code -T0}; older ones still work, more slowly.
 *
 * @param executable the xz binary
 * @param version e.g. {@code 5.4.1}
 */
public record NativeXz(Path executable, String version) {
  /** Finds xz on the PATH and asks it for its version; empty if absent or broken. */
  public static Optional<NativeXz> find() {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, "xz");
      if (Files.isExecutable(candidate)) {
        return version(candidate).map(version -> new NativeXz(candidate, version));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> version(Path executable) {
    try {
      Process process = new ProcessBuilder(executable.toString(), "--version")
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      // "xz (XZ Utils) 5.4.1" on the first line.
      String first = output.lines().findFirst().orElse("");
      return Optional.of(first.substring(first.lastIndexOf(' ') + 1));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
