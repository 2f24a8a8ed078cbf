package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A demo killed midway leaves its work directory; the next demo cleans up after it, and only after demos. */
class DemoWorkspaceTest {
  @TempDir Path dir;

  @Test
  void theNextDemoRemovesTheTemporaryWorkspaceOfAKilledOneAndNothingElse() throws Exception {
    Path killed = workspaceOf(dir.resolve(DemoWorkspace.TEMPORARY_PREFIX + "killed"), goneProcess());
    Files.createDirectories(killed.resolve("mirror-primary/.staging")).resolve("image.raw.xz.part").toFile().createNewFile();
    Path running = workspaceOf(dir.resolve(DemoWorkspace.TEMPORARY_PREFIX + "running"), ProcessHandle.current().pid());
    Path unmarked = Files.createDirectories(dir.resolve(DemoWorkspace.TEMPORARY_PREFIX + "someone-elses"));

    DemoWorkspace.removeAbandoned(dir);

    assertThat(killed).doesNotExist();
    assertThat(running).as("a demo still running keeps its directory").isDirectory();
    assertThat(unmarked).as("nothing a demo did not mark is deleted").isDirectory();
  }

  @Test
  void aRerunIntoTheKeptDirectoryOfAnEndedDemoClearsItAndGoesOn() throws Exception {
    Path kept = workspaceOf(dir.resolve("kept"), goneProcess());
    Files.writeString(kept.resolve("left-over.txt"), "from the earlier demo");

    DemoWorkspace workspace = DemoWorkspace.kept(kept);

    assertThat(workspace.directory()).isEqualTo(kept);
    assertThat(kept.resolve("left-over.txt")).doesNotExist();
    assertThat(Files.readString(kept.resolve(DemoWorkspace.MARKER)).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void aKeptDirectoryInUseOrNotADemosIsRefusedSayingWhy() throws Exception {
    Path inUse = workspaceOf(dir.resolve("in-use"), ProcessHandle.current().pid());
    Path theirs = Files.createDirectories(dir.resolve("theirs"));
    Files.writeString(theirs.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> DemoWorkspace.kept(inUse)).hasMessageContaining("demo still running (process " + ProcessHandle.current().pid());
    assertThatThrownBy(() -> DemoWorkspace.kept(theirs)).hasMessageContaining("not empty and no demo made it");
    assertThat(theirs.resolve("notes.txt")).hasContent("mine");
  }

  private static Path workspaceOf(Path directory, long pid) throws Exception {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve(DemoWorkspace.MARKER), pid + "\n");
    return directory;
  }

  /** The id of a process that has ended. */
  private static long goneProcess() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }
}
