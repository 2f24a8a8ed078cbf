package org.imagerelease.localcloud.azure.blob;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Azurite's Blob service (npm {@code azurite}) as a child process: in memory, on a free port of
 * the loopback interface, stopped with its owner. Found, in this order, at
 * {@code $IMAGERELEASE_AZURITE} (the {@code azurite-blob} script), in the cache directory .ci/run
 * installs it into ({@value #CACHE_DIR} under the home directory), or on the PATH. It is not
 * installed here: a test run must not depend on the npm registry.
 */
final class AzuriteProcess implements AutoCloseable {
  static final String CACHE_DIR = ".cache/image-release/azurite";
  private static final Pattern LISTENING = Pattern.compile("listens on (http://[^\\s]+)");
  private static final long START_TIMEOUT_SECONDS = 30;

  private final Process process;
  private final String endpoint;
  private final String version;

  private AzuriteProcess(Process process, String endpoint, String version) {
    this.process = process;
    this.endpoint = endpoint;
    this.version = version;
  }

  /** The {@code azurite-blob} script to run, when there is one and Node to run it. */
  static Optional<Path> find() {
    String configured = System.getenv("IMAGERELEASE_AZURITE");
    Stream<Path> candidates =
        Stream.concat(
            Stream.of(
                    configured == null || configured.isBlank() ? null : Path.of(configured),
                    Path.of(System.getProperty("user.home"), CACHE_DIR, "node_modules", ".bin", "azurite-blob"))
                .filter(p -> p != null),
            Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "azurite-blob")));
    return candidates.filter(Files::isExecutable).findFirst();
  }

  /** Starts Azurite's Blob service from {@code script}; fails when it does not listen within 30 s. */
  static AzuriteProcess start(Path script) throws IOException {
    // --skipApiVersionCheck: the SDK may send a newer x-ms-version than this Azurite knows.
    Process process =
        new ProcessBuilder(
                List.of(
                    script.toString(), "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--skipApiVersionCheck",
                    "--silent", "--disableTelemetry"))
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String line; (line = lines.readLine()) != null; ) {
                  Matcher matcher = LISTENING.matcher(line);
                  if (matcher.find()) {
                    listening.complete(matcher.group(1));
                  } else if (!listening.isDone()) {
                    seen.append(line).append('\n');
                  }
                }
                listening.completeExceptionally(new IOException("Azurite exited before it listened:\n" + seen));
              } catch (IOException e) {
                listening.completeExceptionally(e);
              }
            },
            "azurite-output");
    reader.setDaemon(true);
    reader.start();
    try {
      String endpoint = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new AzuriteProcess(process, endpoint, versionNear(script));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting Azurite", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("Azurite at " + script + " did not start: " + (e.getCause() == null ? e : e.getCause().getMessage()), e);
    }
  }

  /** E.g. {@code http://127.0.0.1:41234}. */
  String endpoint() {
    return endpoint;
  }

  String version() {
    return version;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The version in the package.json next to the script's package, or "unknown version". */
  private static String versionNear(Path script) {
    try {
      Path real = script.toRealPath();
      for (Path dir = real.getParent(); dir != null; dir = dir.getParent()) {
        Path packageJson = dir.resolve("package.json");
        if (Files.isRegularFile(packageJson)) {
          Matcher matcher = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(packageJson));
          if (matcher.find()) {
            return matcher.group(1);
          }
        }
      }
    } catch (IOException e) {
      // Only the description loses the version.
    }
    return "unknown version";
  }
}
