package org.imagerelease.starter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The source checkout the build runs in: its root, and its Dockerfile read as instructions. */
public final class Checkout {
  public static final Path ROOT = root();

  private Checkout() {}

  static List<String> dockerfile() throws IOException {
    return Files.readAllLines(ROOT.resolve("Dockerfile"));
  }

  /** The arguments of every instruction of this kind, continuation lines joined. */
  static List<String> instructions(List<String> lines, String keyword) {
    List<String> found = new ArrayList<>();
    StringBuilder current = null;
    for (String line : lines) {
      if (current != null) {
        current.append('\n').append(line.strip());
      } else if (line.startsWith(keyword + " ")) {
        current = new StringBuilder(line.substring(keyword.length() + 1).strip());
      }
      if (current != null && !line.endsWith("\\")) {
        found.add(current.toString());
        current = null;
      }
    }
    return found;
  }

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }
}
