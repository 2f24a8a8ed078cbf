package org.imagerelease.localcloud;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool when the machine has it, so tests can cross-check our formats with
 * independent implementations without failing where the tool is missing.
 */
public final class ExternalTool {
  /** What a tool printed (stdout and stderr together) and how it exited. */
  public record Result(int exitCode, String output) {}

  private ExternalTool() {}

  /** The tool's path, searched in PATH and the sbin directories, if present. */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, name);
      if (!directory.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code name} with {@code arguments}; empty (and a note on stdout) when it is missing.
   */
  public static Optional<Result> run(String name, String... arguments)
      throws IOException, InterruptedException {
    Optional<Path> tool = find(name);
    if (tool.isEmpty()) {
      System.out.println("[external check] " + name + " not installed: check skipped");
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(tool.get().toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(name + " did not finish");
    }
    System.out.println("[external check] ran " + String.join(" ", command));
    return Optional.of(new Result(process.exitValue(), output));
  }
}
