package org.imagerelease.starter.monitoring;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own linter of the text exposition ({@code promtool check metrics}, in Debian's
 * prometheus package), when it is on the PATH. Without it the check is not run, and says so.
 */
public final class PromtoolCheck {
  /** What promtool said: its exit code and output. */
  public record Verdict(int exitCode, String output) {}

  private PromtoolCheck() {}

  /** The promtool on the PATH, if any. */
  public static Optional<Path> promtool() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, "promtool");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Pipes {@code exposition} through {@code promtool check metrics}; empty, after printing that the
   * check was not run, when promtool is not installed.
   */
  public static Optional<Verdict> check(String exposition) throws IOException, InterruptedException {
    return run(exposition, null, "check", "metrics");
  }

  /**
   * Runs {@code promtool ARGS...} in {@code directory}; empty, after printing that it was not run,
   * when promtool is not installed.
   */
  public static Optional<Verdict> run(Path directory, String... args) throws IOException, InterruptedException {
    return run("", directory, args);
  }

  private static Optional<Verdict> run(String input, Path directory, String... args) throws IOException, InterruptedException {
    String command = "promtool " + String.join(" ", args);
    Optional<Path> promtool = promtool();
    if (promtool.isEmpty()) {
      System.out.println("NOT RUN: promtool was not found on the PATH, so `" + command + "` did not run (install Debian's prometheus package to run it)");
      return Optional.empty();
    }
    List<String> line = new ArrayList<>(List.of(promtool.get().toString()));
    line.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command + " did not finish");
    }
    System.out.println(command + " (" + promtool.get() + "): exit " + process.exitValue() + (output.isBlank() ? "" : "\n" + output));
    return Optional.of(new Verdict(process.exitValue(), output));
  }
}
