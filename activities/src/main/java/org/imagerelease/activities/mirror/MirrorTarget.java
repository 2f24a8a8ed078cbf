package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.targets.CheckpointedTransfer;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.TransferProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases images into mirror trees, from which the mirror network's seeds pick them up. Each
 * location is a {@link MirrorRoot}; see {@link MirrorLayout} for where files live.
 *
 * <p>How publishing stays safe for the seeds, which may copy the tree at any moment:
 *
 * <ul>
 *   <li>Nothing is ever written in the public tree. Images are written, completed and verified in
 *       the root's {@code .staging} area, which lies on the same file system, and are made public
 *       by one {@code rename(2)} ({@code ATOMIC_MOVE}). A seed sees no file or the whole file,
 *       never a half-written one. If the rename cannot be atomic (staging on another file system)
 *       publishing fails instead of falling back to a copy.
 *   <li>CHECKSUM files are rewritten whole, in staging, and renamed over the old one, so a reader
 *       gets the old or the new list. Publishing moves the image first and adds its line
 *       afterwards; removing takes the line out first and the image afterwards. A CHECKSUM file
 *       therefore never names a file that is missing, and it lists images sorted by name.
 *   <li>Every CHECKSUM edit and every rename into or out of the public tree happens under the
 *       root's {@link RootLock}, so sibling images uploaded or published at the same time by other
 *       threads or workers never lose each other's lines.
 *   <li>No symbolic link below a root is ever followed (see {@link RootConfinement}): a step whose
 *       paths pass through one is refused before it changes anything, so no image, CHECKSUM line
 *       or deletion ever lands outside the root.
 *   <li>Every step is idempotent: an upload finding its staged file complete adopts it; a publish
 *       finding the public file with the right SHA-256 adopts it and only repairs the CHECKSUM
 *       line; unpublish, withdraw and clean-up treat "already gone" as done. A public file with
 *       other content is never replaced: that is reported, not overwritten.
 * </ul>
 */
public final class MirrorTarget implements ReleaseTarget {
  /** The target name in configuration and in {@link ImageAtLocation#target()}. */
  public static final String NAME = "mirror";

  private static final Logger log = LoggerFactory.getLogger(MirrorTarget.class);
  private static final long COPY_CHUNK = 64L << 20;

  private final MirrorSettings settings;
  private final ImageTransfer transfer;

  /**
   * @param settings the mirror roots; the first is the primary location
   * @param transfer moves an image from the compose into a staged file
   */
  public MirrorTarget(MirrorSettings settings, ImageTransfer transfer) {
    this.settings = settings;
    this.transfer = transfer;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Streams the compose file verbatim into the root's staging area and lists it in the staging
   * directory's CHECKSUM. Resumes from the last heartbeat checkpoint when the part file it names
   * is still there; a staged file that already matches the metadata is adopted without a
   * transfer.
   */
  @Override
  public LocationImage upload(ImageAtLocation destination, URI source, Heartbeat heartbeat)
      throws IOException {
    MirrorLayout layout = layoutOf(destination.location());
    ImageArtifact image = destination.image();
    String step = "Cannot upload " + layout.describe(destination);
    Path staged = layout.stagedFile(destination);
    requireLinkFree(layout, step, staged, checksumBeside(staged));
    requireLinkFree(layout, step, MirrorLayout.partFilesOf(staged).toArray(Path[]::new));
    if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
      if (FileFingerprint.holdsImage(staged, image)) {
        log.info("Adopting {}, already staged", layout.describe(destination));
        return stagedImage(layout, destination, staged);
      }
      log.warn(
          "Staged file of {} does not match the metadata, transferring it again",
          layout.describe(destination));
      Files.delete(staged);
    }

    var request =
        new TransferRequest(
            source,
            NAME,
            layout.root().name(),
            image.fileName(),
            image.size(),
            image.sha256(),
            Compression.NONE,
            null);
    layout.confinement().createDirectories(staged.getParent(), step);
    try (var sink = new StagedFileSink(staged, image)) {
      CheckpointedTransfer.run(transfer, request, sink, heartbeat);
    }
    if (!Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)
        || Files.size(staged) != image.size()) {
      throw new IOException(
          "The transfer of "
              + layout.describe(destination)
              + " ended without a complete staged file");
    }
    log.info("Staged {} ({} bytes)", layout.describe(destination), image.size());
    return stagedImage(layout, destination, staged);
  }

  /**
   * Copies the staged image from the source's root into the destination root's staging area under a
   * temporary name, verifies size and SHA-256 of the copy, and renames it into place. A verified
   * copy already there is adopted.
   */
  @Override
  public LocationImage replicate(
      LocationImage source, ImageAtLocation destination, Heartbeat heartbeat) throws IOException {
    MirrorLayout from = layoutOf(source.ref().location());
    MirrorLayout to = layoutOf(destination.location());
    ImageArtifact image = destination.image();
    String step =
        "Cannot copy " + from.describe(source.ref()) + " to mirror root " + to.root().name();
    Path copy = to.stagedFile(destination);
    Path part = MirrorLayout.partFileOf(copy);
    requireLinkFree(to, step, copy, part, checksumBeside(copy));
    if (FileFingerprint.holdsImage(copy, image)) {
      log.info("Adopting {}, already staged", to.describe(destination));
      return stagedImage(to, destination, copy);
    }

    Path origin = replicaOrigin(from, source.ref(), step);
    to.confinement().createDirectories(part.getParent(), step);
    copyWithHeartbeat(origin, part, destination, heartbeat);
    if (!FileFingerprint.holdsImage(part, image)) {
      Files.delete(part);
      throw new ReleaseException(
          ReleaseFailureTypes.CHECKSUM_MISMATCH,
          "The copy of "
              + from.describe(source.ref())
              + " to mirror root "
              + to.root().name()
              + " does not have the size "
              + image.size()
              + " and SHA-256 "
              + image.sha256()
              + " of the metadata; the staged source "
              + origin
              + " may be damaged");
    }
    Files.move(part, copy, StandardCopyOption.ATOMIC_MOVE);
    DirectorySync.force(copy.getParent());
    log.info("Copied {} from mirror root {}", to.describe(destination), from.root().name());
    return stagedImage(to, destination, copy);
  }

  /** Moves the staged image into the public tree and lists it in that directory's CHECKSUM. */
  @Override
  public LocationImage publish(LocationImage image) throws IOException {
    ImageAtLocation ref = image.ref();
    MirrorLayout layout = layoutOf(ref.location());
    String step = "Cannot publish " + layout.describe(ref);
    Path staged = layout.stagedFile(ref);
    Path published = layout.publicFile(ref);
    holdingRootLock(
        layout,
        step,
        () -> {
          requireLinkFreeStagedAndPublic(layout, step, staged, published);
          if (Files.exists(published, LinkOption.NOFOLLOW_LINKS)) {
            if (!FileFingerprint.holdsImage(published, ref.image())) {
              throw new ReleaseException(
                  ReleaseFailureTypes.CHECKSUM_MISMATCH,
                  "Cannot publish "
                      + layout.describe(ref)
                      + ": the public tree already has a different file at "
                      + published
                      + "; it is left alone");
            }
            log.info("Adopting {}, already public", layout.describe(ref));
            Files.deleteIfExists(staged);
          } else {
            requireStaged(layout, ref, staged);
            layout.confinement().createDirectories(published.getParent(), step);
            Files.move(staged, published, StandardCopyOption.ATOMIC_MOVE);
            DirectorySync.force(published.getParent());
          }
          rewriteChecksum(
              layout, ref, step, published.getParent(), list -> listed(list, ref.image()));
          rewriteChecksum(
              layout, ref, step, staged.getParent(), list -> list.without(ref.imageName()));
        });
    log.info("Published {}", layout.describe(ref));
    return locationImage(layout, ref, Map.of("publicPath", published.toString()));
  }

  /** Takes the image out of the public tree, back into staging; nothing public is success. */
  @Override
  public void unpublish(ImageAtLocation ref) throws IOException {
    MirrorLayout layout = layoutOf(ref.location());
    String step = "Cannot unpublish " + layout.describe(ref);
    Path staged = layout.stagedFile(ref);
    Path published = layout.publicFile(ref);
    holdingRootLock(
        layout,
        step,
        () -> {
          requireLinkFreeStagedAndPublic(layout, step, staged, published);
          rewriteChecksum(
              layout, ref, step, published.getParent(), list -> list.without(ref.imageName()));
          if (!Files.exists(published, LinkOption.NOFOLLOW_LINKS)) {
            log.info("Nothing to unpublish: {} is not public", layout.describe(ref));
            return;
          }
          if (Files.exists(staged, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(published);
          } else {
            layout.confinement().createDirectories(staged.getParent(), step);
            Files.move(published, staged, StandardCopyOption.ATOMIC_MOVE);
            rewriteChecksum(
                layout, ref, step, staged.getParent(), list -> listed(list, ref.image()));
          }
          removeEmptyDirectories(published.getParent(), layout.root().directory());
          log.info("Unpublished {}", layout.describe(ref));
        });
  }

  /** Removes the image from the public tree and staging, with its CHECKSUM lines. */
  @Override
  public void withdraw(ImageAtLocation ref) throws IOException {
    MirrorLayout layout = layoutOf(ref.location());
    String step = "Cannot withdraw " + layout.describe(ref);
    Path staged = layout.stagedFile(ref);
    Path published = layout.publicFile(ref);
    holdingRootLock(
        layout,
        step,
        () -> {
          requireLinkFreeStagedAndPublic(layout, step, staged, published);
          requireLinkFree(layout, step, MirrorLayout.partFilesOf(staged).toArray(Path[]::new));
          rewriteChecksum(
              layout, ref, step, published.getParent(), list -> list.without(ref.imageName()));
          if (Files.deleteIfExists(published)) {
            removeEmptyDirectories(published.getParent(), layout.root().directory());
          }
          rewriteChecksum(
              layout, ref, step, staged.getParent(), list -> list.without(ref.imageName()));
          boolean removed = Files.deleteIfExists(staged);
          for (Path part : MirrorLayout.partFilesOf(staged)) {
            removed |= Files.deleteIfExists(part);
          }
          removeEmptyDirectories(staged.getParent(), layout.stagingDirectory());
          log.info("Withdrew {}{}", layout.describe(ref), removed ? "" : " (nothing was staged)");
        });
  }

  /**
   * Removes the release's staging tree at each listed location (every root when none is listed):
   * part files, copies that were never published, CHECKSUM work files.
   */
  @Override
  public void cleanUp(CleanupRequest request) throws IOException {
    List<String> locations =
        request.locations().isEmpty()
            ? settings.roots().stream().map(MirrorRoot::name).toList()
            : request.locations();
    for (String location : locations) {
      MirrorLayout layout = layoutOf(location);
      Path releaseStaging = layout.releaseStaging(request.releaseId());
      layout
          .confinement()
          .requireLinkFree(
              releaseStaging,
              "Cannot clean up the staging area of release "
                  + request.releaseId()
                  + " at mirror root "
                  + location);
      long removed = deleteTree(releaseStaging);
      log.info(
          "Compose {}: removed {} staging entries of release {} at mirror root {}",
          request.composeId(),
          removed,
          request.releaseId(),
          location);
    }
  }

  private MirrorLayout layoutOf(String location) {
    return new MirrorLayout(settings.root(location));
  }

  /** The staged image, listed in its staging directory's CHECKSUM, as a location image. */
  private LocationImage stagedImage(MirrorLayout layout, ImageAtLocation ref, Path staged)
      throws IOException {
    String step = "Cannot list " + layout.describe(ref) + " in its staging CHECKSUM";
    holdingRootLock(
        layout,
        step,
        () ->
            rewriteChecksum(
                layout, ref, step, staged.getParent(), list -> listed(list, ref.image())));
    return locationImage(layout, ref, Map.of("stagedPath", staged.toString()));
  }

  private static LocationImage locationImage(
      MirrorLayout layout, ImageAtLocation ref, Map<String, String> extra) {
    String resourceId = MirrorLayout.publicRelativePath(ref);
    var attributes = new HashMap<String, String>(extra);
    attributes.put("root", layout.root().name());
    attributes.put("sha256", ref.image().sha256());
    attributes.put("size", Long.toString(ref.image().size()));
    return new LocationImage(ref, resourceId, layout.root().publicUrl(resourceId), attributes);
  }

  private static ChecksumFile listed(ChecksumFile list, ImageArtifact image) {
    return list.with(image.fileName(), image.size(), image.sha256());
  }

  /**
   * Rewrites the CHECKSUM of a directory when the change alters it. Caller holds the root lock and
   * has checked the CHECKSUM path for links; reading and writing still never follow one.
   */
  private static void rewriteChecksum(
      MirrorLayout layout,
      ImageAtLocation ref,
      String step,
      Path directory,
      UnaryOperator<ChecksumFile> change)
      throws IOException {
    Path checksum = directory.resolve(MirrorLayout.CHECKSUM);
    ChecksumFile current = ChecksumFile.read(checksum);
    ChecksumFile changed = change.apply(current);
    if (!changed.render().equals(current.render())
        || (changed.isEmpty() && Files.exists(checksum, LinkOption.NOFOLLOW_LINKS))) {
      Path temp = layout.tempFile(ref.releaseId());
      if (!changed.isEmpty()) {
        layout.confinement().createDirectories(directory, step);
        layout.confinement().createDirectories(temp.getParent(), step);
      }
      changed.writeAtomically(checksum, temp);
    }
  }

  /** The CHECKSUM file listing this file, in the same directory. */
  private static Path checksumBeside(Path file) {
    return file.resolveSibling(MirrorLayout.CHECKSUM);
  }

  /** {@link #requireLinkFree} for an image's staged and public file and the CHECKSUM beside each. */
  private static void requireLinkFreeStagedAndPublic(MirrorLayout layout, String step, Path staged, Path published)
      throws IOException {
    requireLinkFree(layout, step, staged, published, checksumBeside(staged), checksumBeside(published));
  }

  /**
   * Refuses the step, before it changes anything, when a link lies on one of the paths or where
   * the root lock lives.
   */
  private static void requireLinkFree(MirrorLayout layout, String step, Path... paths)
      throws IOException {
    layout.confinement().requireLinkFree(layout.lockFile(), step);
    for (Path path : paths) {
      layout.confinement().requireLinkFree(path, step);
    }
  }

  /** Takes the root lock; its directory is made and checked like any other. */
  private static void holdingRootLock(MirrorLayout layout, String step, RootLock.Edit edit)
      throws IOException {
    layout.confinement().createDirectories(layout.stagingDirectory(), step);
    layout.confinement().requireLinkFree(layout.lockFile(), step);
    RootLock.holding(layout.lockFile(), edit);
  }

  private static void requireStaged(MirrorLayout layout, ImageAtLocation ref, Path staged)
      throws IOException {
    if (!Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)) {
      throw new ReleaseException(
          ReleaseFailureTypes.COMPOSE_NOT_FOUND,
          "Cannot publish " + layout.describe(ref) + ": nothing is staged at " + staged);
    }
    if (Files.size(staged) != ref.image().size()) {
      throw new ReleaseException(
          ReleaseFailureTypes.CHECKSUM_MISMATCH,
          "Cannot publish "
              + layout.describe(ref)
              + ": the staged file has "
              + Files.size(staged)
              + " bytes, the metadata declares "
              + ref.image().size());
    }
  }

  private static Path replicaOrigin(MirrorLayout from, ImageAtLocation source, String step)
      throws IOException {
    Path staged = from.confinement().requireLinkFree(from.stagedFile(source), step);
    if (Files.isRegularFile(staged, LinkOption.NOFOLLOW_LINKS)) {
      return staged;
    }
    Path published = from.confinement().requireLinkFree(from.publicFile(source), step);
    if (Files.isRegularFile(published, LinkOption.NOFOLLOW_LINKS)) {
      return published;
    }
    throw new ReleaseException(
        ReleaseFailureTypes.COMPOSE_NOT_FOUND,
        "Cannot replicate "
            + from.describe(source)
            + ": it is neither staged at "
            + staged
            + " nor public");
  }

  /**
   * Copies into a part file created anew, so that nothing already at its name, such as a link, is
   * ever written through. An earlier attempt's part file is removed first.
   */
  private static void copyWithHeartbeat(
      Path origin, Path part, ImageAtLocation destination, Heartbeat heartbeat) throws IOException {
    Files.deleteIfExists(part);
    try (FileChannel in =
            FileChannel.open(origin, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        FileChannel out =
            FileChannel.open(
                part,
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
      long size = in.size();
      long done = 0;
      while (done < size) {
        long copied = in.transferTo(done, Math.min(COPY_CHUNK, size - done), out);
        if (copied <= 0) {
          throw new IOException(
              "Copying " + origin + " to " + part + " made no progress at byte " + done);
        }
        done += copied;
        var progress =
            new TransferProgress(
                NAME, destination.location(), destination.imageName(), done, size, 0, 0);
        heartbeat.beat(new TransferCheckpoint(progress, null));
      }
      out.force(true);
    }
  }

  /**
   * Removes {@code directory} and its parents while they are empty, stopping below {@code stop}.
   */
  private static void removeEmptyDirectories(Path directory, Path stop) throws IOException {
    for (Path dir = directory;
        dir != null && dir.startsWith(stop) && !dir.equals(stop);
        dir = dir.getParent()) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException e) {
        return;
      } catch (NoSuchFileException e) {
        // Already gone: its parent may still be empty.
      }
    }
  }

  /** Deletes a tree without following links; returns how many entries it removed. */
  private static long deleteTree(Path top) throws IOException {
    if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long[] removed = {0};
    Files.walkFileTree(
        top,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            removed[0]++;
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            removed[0]++;
            return FileVisitResult.CONTINUE;
          }
        });
    return removed[0];
  }
}
