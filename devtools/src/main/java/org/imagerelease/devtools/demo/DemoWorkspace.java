package org.imagerelease.devtools.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.imagerelease.devtools.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one directory a demo writes to: the generated compose, the mirror roots and the test
 * reports. A new temporary directory, removed when the demo ends; or the directory a person
 * gave to keep, which must be new or empty so that nothing of theirs is mixed in or lost.
 *
 * <p>Each workspace holds a marker file naming the process that runs the demo. A demo that was
 * killed cannot remove its temporary workspace, so the next demo removes every one whose process
 * is gone; and a kept workspace of an earlier demo that ended is cleared for a rerun into it.
 * Nothing without the marker is ever deleted.
 */
final class DemoWorkspace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWorkspace.class);

  static final String MARKER = ".image-release-demo";
  static final String TEMPORARY_PREFIX = "image-release-demo-";

  private final Path directory;
  private final boolean kept;

  private DemoWorkspace(Path directory, boolean kept) {
    this.directory = directory;
    this.kept = kept;
  }

  /** A new temporary workspace, removed on {@link #close()}; first removes those of killed demos. */
  static DemoWorkspace temporary() throws IOException {
    Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    removeAbandoned(temporaryDirectory);
    return marked(new DemoWorkspace(Files.createTempDirectory(temporaryDirectory, TEMPORARY_PREFIX).toAbsolutePath(), false));
  }

  /**
   * Removes the temporary workspaces in {@code temporaryDirectory} that demos left when they were
   * killed: marked, and their process gone.
   */
  static void removeAbandoned(Path temporaryDirectory) throws IOException {
    List<Path> candidates;
    try (Stream<Path> entries = Files.list(temporaryDirectory)) {
      candidates = entries.filter(p -> p.getFileName().toString().startsWith(TEMPORARY_PREFIX)).toList();
    }
    for (Path candidate : candidates) {
      if (ownerOf(candidate).filter(pid -> ProcessHandle.of(pid).isEmpty()).isPresent()) {
        log.info("Removing {}, the work directory of a demo that was killed", candidate);
        deleteTree(candidate);
      }
    }
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
      clearEarlierDemo(absolute);
      try (Stream<Path> entries = Files.list(absolute)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              "--keep " + absolute + " is not empty and no demo made it; give a new or empty directory (a demo never writes"
                  + " among other files)");
        }
      }
    }
    return marked(new DemoWorkspace(Files.createDirectories(absolute), true));
  }

  /** Empties a kept workspace an earlier demo left, once that demo's process is gone. */
  private static void clearEarlierDemo(Path directory) throws IOException {
    Optional<Long> owner = ownerOf(directory);
    if (owner.isEmpty()) {
      return;
    }
    if (ProcessHandle.of(owner.get()).isPresent()) {
      throw new IllegalArgumentException(
          "--keep " + directory + " is the work directory of a demo still running (process " + owner.get()
              + "); give another directory, or stop that demo first");
    }
    log.info("Clearing {}, the work directory an earlier demo kept, for this one", directory);
    List<Path> entries;
    try (Stream<Path> listed = Files.list(directory)) {
      entries = listed.toList();
    }
    for (Path entry : entries) {
      deleteTree(entry);
    }
  }

  /** The process of the demo that marked the directory, if a demo did. */
  private static Optional<Long> ownerOf(Path directory) {
    try {
      return Optional.of(Long.parseLong(Files.readString(directory.resolve(MARKER)).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static DemoWorkspace marked(DemoWorkspace workspace) throws IOException {
    Files.writeString(workspace.directory.resolve(MARKER), ProcessHandle.current().pid() + "\n");
    return workspace;
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
      deleteTree(directory);
    } catch (IOException e) {
      log.warn("Could not remove the demo's work directory {}: {}", directory, e.toString());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    FileTrees.delete(root);
  }
}
