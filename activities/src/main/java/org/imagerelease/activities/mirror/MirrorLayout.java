package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposePath;
import org.imagerelease.activities.compose.SafeNames;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageAtLocation;

/**
 * Where things live under one mirror root, and the guard that nothing derived from a compose leaves
 * it:
 *
 * <pre>
 * &lt;root&gt;/&lt;composeId&gt;/&lt;image path&gt;                          public tree
 * &lt;root&gt;/.staging/&lt;releaseId&gt;/&lt;composeId&gt;/&lt;image path&gt;   staged, not yet public
 * &lt;root&gt;/.staging/&lt;releaseId&gt;/.tmp-*                     CHECKSUM files being written
 * &lt;root&gt;/.staging/.lock                                   serializes CHECKSUM edits and publishing
 * </pre>
 *
 * Compose and release ids must be single path segments not starting with a dot, so a compose can
 * never be named {@code .staging}.
 */
final class MirrorLayout {
  static final String STAGING = ".staging";
  static final String CHECKSUM = "CHECKSUM";
  private static final String PART_SUFFIX = ".part";
  private static final Pattern GENERATION = Pattern.compile("[0-9a-f]{8}");

  private final MirrorRoot root;
  private final RootConfinement confinement;

  MirrorLayout(MirrorRoot root) {
    this.root = root;
    this.confinement = new RootConfinement(root);
  }

  MirrorRoot root() {
    return root;
  }

  /** The guard against links below the root: every path of this layout is checked with it. */
  RootConfinement confinement() {
    return confinement;
  }

  /** Where the image waits until it is published. */
  Path stagedFile(ImageAtLocation ref) {
    return inside(
        releaseStaging(ref.releaseId())
            .resolve(id(ref.composeId(), "compose id"))
            .resolve(imagePath(ref)),
        ref);
  }

  /** Where the image is public. */
  Path publicFile(ImageAtLocation ref) {
    return inside(
        root.directory().resolve(id(ref.composeId(), "compose id")).resolve(imagePath(ref)), ref);
  }

  /** The file a staged copy is written to before it is verified and renamed. */
  static Path partFileOf(Path stagedFile) {
    return stagedFile.resolveSibling(stagedFile.getFileName() + PART_SUFFIX);
  }

  /**
   * The file one generation of an upload writes before it is complete and renamed. Each fresh
   * transfer starts a new generation, so a checkpoint names the very file its blocks are in.
   */
  static Path partFileOf(Path stagedFile, String generation) {
    if (!GENERATION.matcher(generation).matches()) {
      throw new IllegalArgumentException("not a part file generation: " + generation);
    }
    return stagedFile.resolveSibling(stagedFile.getFileName() + "." + generation + PART_SUFFIX);
  }

  /** Every part file of the staged image there is: any generation's, and a copy's. */
  static List<Path> partFilesOf(Path stagedFile) throws IOException {
    Path directory = stagedFile.getParent();
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    Pattern ours = Pattern.compile(Pattern.quote(stagedFile.getFileName().toString()) + "(\\." + GENERATION.pattern() + ")?" + Pattern.quote(PART_SUFFIX));
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> ours.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** The staging tree of one release, removed whole by clean-up. */
  Path releaseStaging(String releaseId) {
    Path staging = stagingDirectory().resolve(id(releaseId, "release id")).normalize();
    if (!staging.getParent().equals(stagingDirectory())) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "Release id "
              + releaseId
              + " would leave the staging area of mirror root "
              + root.name());
    }
    return staging;
  }

  Path stagingDirectory() {
    return root.directory().resolve(STAGING);
  }

  Path lockFile() {
    return stagingDirectory().resolve(".lock");
  }

  /** A fresh name for a file being written for the release, on the same file system as the tree. */
  Path tempFile(String releaseId) {
    return releaseStaging(releaseId).resolve(".tmp-" + UUID.randomUUID());
  }

  /** The image's path relative to the root's public tree: {@code <composeId>/<image path>}. */
  static String publicRelativePath(ImageAtLocation ref) {
    return ref.composeId() + "/" + ref.image().path();
  }

  /** Names the image, compose and root for messages and logs. */
  String describe(ImageAtLocation ref) {
    return "image "
        + SafeNames.quoted(ref.image().path())
        + " of compose "
        + SafeNames.escaped(ref.composeId())
        + " at mirror root "
        + root.name()
        + " ("
        + root.directory()
        + ")";
  }

  private String imagePath(ImageAtLocation ref) {
    String path = ref.image().path();
    ComposePath.whyUnsafe(path)
        .ifPresent(
            why -> {
              throw new ReleaseException(
                  ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
                  "Image path "
                      + SafeNames.quoted(path)
                      + " of compose "
                      + SafeNames.escaped(ref.composeId())
                      + " "
                      + why
                      + "; mirror root "
                      + root.name()
                      + " refuses it");
            });
    whyClashing(ref.image().fileName())
        .ifPresent(
            why -> {
              throw new ReleaseException(
                  ReleaseFailureTypes.UNSUPPORTED_IMAGE,
                  "Image " + SafeNames.quoted(path) + " of compose " + SafeNames.escaped(ref.composeId()) + ": " + SafeNames.escaped(why) + " at mirror root " + root.name());
            });
    return path;
  }

  /**
   * Why an image of this file name cannot be published in a mirror tree, or empty: it would be
   * taken for the directory's CHECKSUM file, a hidden file or a part file being written.
   */
  static Optional<String> whyClashing(String fileName) {
    if (fileName.equals(CHECKSUM) || fileName.startsWith(".") || fileName.endsWith(PART_SUFFIX)) {
      return Optional.of("its file name " + fileName + " clashes with the mirror's own files (CHECKSUM, dot files, *.part)");
    }
    return Optional.empty();
  }

  private String id(String value, String what) {
    if (!ComposePath.isSingleSafeSegment(value) || value.startsWith(".")) {
      throw new ReleaseException(
          ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
          "The "
              + what
              + " "
              + SafeNames.quoted(value)
              + " cannot name a directory under mirror root "
              + root.name());
    }
    return value;
  }

  private Path inside(Path path, ImageAtLocation ref) {
    Path normalized = path.normalize();
    if (!normalized.startsWith(root.directory()) || normalized.equals(root.directory())) {
      throw new ReleaseException(
          ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
          describe(ref) + " would be written outside the root");
    }
    return normalized;
  }
}
