package org.imagerelease.devtools.demo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one directory a demo writes to: the generated compose, the mirror roots and the test
 * reports. A new temporary directory, removed when the demo ends; or the directory a person
 * gave to keep, which must be new or empty so that nothing of theirs is mixed in or lost.
 */
final class DemoWorkspace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);

  private final Path directory;
  private final boolean kept;

  private DemoWorkspace(Path directory, boolean kept) {
    this.directory = directory;
    this.kept = kept;
  }

  /** A new temporary workspace, removed on {@link #close()}. */
  static DemoWorkspace temporary() throws IOException {
    return new DemoWorkspace(Files.createTempDirectory("image-release-demo-").toAbsolutePath(), false);
  }

  /**
   * A workspace kept after the demo, in {@code directory}.
   *
   * @throws IllegalArgumentException when the directory already holds something
   */
  static DemoWorkspace kept(Path directory) throws IOException {
    Path absolute = directory.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new IllegalArgumentException("--keep " + absolute + " is a file; give a new or empty directory");
      }
      try (Stream<Path> entries = Files.list(absolute)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--keep " + absolute + " is not empty; give a new or empty directory (a demo never writes among other files)");
        }
      }
    }
    return new DemoWorkspace(Files.createDirectories(absolute), true);
  }

  Path directory() {
    return directory;
  }

  boolean kept() {
    return kept;
  }

  /** Pungi's {@code <topdir>/compose}: metadata/ and the image trees. */
  Path composeDirectory() {
    return directory.resolve("compose");
  }

  Path mirrorRoot(String name) {
    return directory.resolve(name);
  }

  /** The local test runner's report files, which the test results' ref_url point at. */
  Path testReports() {
    return directory.resolve("test-reports");
  }

  /** Removes a temporary workspace; a kept one stays. */
  @Override
  public void close() {
    if (kept) {
      return;
    }
    try {
      Files.walkFileTree(
          directory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
              if (failure != null) {
                throw failure;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("Could not remove the demo's work directory {}: {}", directory, e.toString());
    }
  }
}
