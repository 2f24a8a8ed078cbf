package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * Keeps every read, write and delete of the mirror inside its root. Anyone who can write into the
 * tree can plant a symbolic link where a release works; following it would put images and CHECKSUM
 * files elsewhere, truncate the link's target, or delete files outside the root. So below the root
 * no link is ever followed:
 *
 * <ul>
 *   <li>Before a step changes anything, every existing entry of each path it will touch is checked,
 *       from the root down, not to be a link, and the nearest existing one to resolve below the
 *       root's real path. A link is refused as {@link ReleaseFailureTypes#UNSAFE_MIRROR_TREE} and
 *       left where it is for a person to look at; retrying cannot help.
 *   <li>Directories are made one level at a time, each checked to be a real directory.
 *   <li>Files are created with {@code CREATE_NEW} and opened with {@code NOFOLLOW_LINKS}, so a link
 *       planted after the check makes the step fail rather than be followed.
 * </ul>
 *
 * A directory swapped for a link between the check and a rename is not caught: that would need
 * directory handles ({@code openat(2)}) throughout. The root directory itself may be a link; it is
 * configuration, not content.
 */
final class RootConfinement {
  private final MirrorRoot root;

  RootConfinement(MirrorRoot root) {
    this.root = root;
  }

  /**
   * Returns the path when no existing entry of it below the root is a link.
   *
   * @param step what is being done, for the refusal, e.g. "Cannot publish image ... at mirror root"
   */
  Path requireLinkFree(Path path, String step) throws IOException {
    Path nearestExisting = root.directory();
    for (Path entry : entriesBelowRoot(path)) {
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        break;
      }
      if (attributes.isSymbolicLink()) {
        throw refusal(step, entry);
      }
      nearestExisting = entry;
    }
    requireResolvesInsideRoot(nearestExisting, step);
    return path;
  }

  /** Makes the directory and its missing parents, refusing a link on the way. */
  Path createDirectories(Path directory, String step) throws IOException {
    Files.createDirectories(root.directory());
    for (Path entry : entriesBelowRoot(directory)) {
      try {
        Files.createDirectory(entry);
      } catch (FileAlreadyExistsException e) {
        // Checked below like a directory made just now.
      }
      if (Files.isSymbolicLink(entry)) {
        throw refusal(step, entry);
      }
      if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        throw new NotDirectoryException(entry.toString());
      }
    }
    return directory;
  }

  /** The path's entries from the root's child down to the path itself. */
  private List<Path> entriesBelowRoot(Path path) {
    if (!path.startsWith(root.directory())) {
      throw new IllegalArgumentException(path + " is not below mirror root " + root.directory());
    }
    var entries = new ArrayList<Path>();
    Path entry = root.directory();
    for (Path name : root.directory().relativize(path)) {
      entry = entry.resolve(name);
      entries.add(entry);
    }
    return entries;
  }

  /** Guards against what the entry-by-entry check cannot see, such as a link swapped in meanwhile. */
  private void requireResolvesInsideRoot(Path existing, String step) throws IOException {
    if (!Files.exists(root.directory())) {
      return;
    }
    Path realRoot = root.directory().toRealPath();
    Path real = existing.toRealPath();
    if (!real.startsWith(realRoot)) {
      throw new ReleaseException(
          ReleaseFailureTypes.UNSAFE_MIRROR_TREE,
          step
              + ": "
              + existing
              + " resolves to "
              + real
              + ", outside mirror root "
              + root.name()
              + " ("
              + realRoot
              + "); a symbolic link must have been put in its way, and nothing was changed there");
    }
  }

  private ReleaseException refusal(String step, Path link) {
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      target = "somewhere unreadable";
    }
    return new ReleaseException(
        ReleaseFailureTypes.UNSAFE_MIRROR_TREE,
        step
            + ": "
            + link
            + " is a symbolic link (to "
            + target
            + ") inside mirror root "
            + root.name()
            + ". The mirror never follows a link below a root, so nothing was changed there;"
            + " a person must replace the link with a real directory or remove it before the"
            + " release is run again");
  }
}
