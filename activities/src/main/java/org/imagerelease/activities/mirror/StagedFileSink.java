package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.workflows.model.ImageArtifact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an image's blocks at their offsets into a part file beside the staged file and, once
 * the pipeline verified the whole image, renames it to the staged file. All-zero blocks are never
 * written, so they stay holes; the final length is set from the summary, which also covers
 * trailing zero blocks.
 *
 * <p>Its resume state names the part file's generation: each fresh transfer writes a new part
 * file (removing older ones), and a resumed attempt goes on only in the part file its checkpoint
 * names, so it never trusts blocks in a file some other attempt truncated or replaced. A resumed
 * attempt still trusts blocks an earlier attempt wrote, which the pipeline's checksum of the source
 * never saw on disk; so before the rename the whole file is hashed once more, and a file that does
 * not match is deleted, making the next attempt start over.
 *
 * <p>Part files are never reached through a link: a fresh one is created with {@code CREATE_NEW},
 * which fails on anything already at its name, and a resumed one is opened with {@code
 * NOFOLLOW_LINKS}. The directory must exist; the caller makes it, refusing links (see {@link
 * RootConfinement}).
 */
final class StagedFileSink implements BlockSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StagedFileSink.class);
  private static final String STATE_PREFIX = "mirror-part:v1:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path stagedFile;
  private final ImageArtifact image;
  private Path partFile;
  private FileChannel channel;
  private String generation;
  private boolean resumed;

  StagedFileSink(Path stagedFile, ImageArtifact image) {
    this.stagedFile = stagedFile;
    this.image = image;
  }

  @Override
  public boolean begin(ImageShape shape) throws IOException {
    String checkpointed = shape.resumed() ? generationIn(shape.resumeState()) : null;
    if (checkpointed != null
        && Files.isRegularFile(
            MirrorLayout.partFileOf(stagedFile, checkpointed), LinkOption.NOFOLLOW_LINKS)) {
      open(checkpointed, StandardOpenOption.READ, StandardOpenOption.WRITE);
      resumed = true;
      return true;
    }
    if (shape.resumed()) {
      log.info("Staging {} afresh: the part file its checkpoint names is gone", stagedFile.getFileName());
    }
    for (Path stale : MirrorLayout.partFilesOf(stagedFile)) {
      Files.deleteIfExists(stale);
    }
    open(
        HexFormat.of().formatHex(randomBytes(4)),
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    resumed = false;
    return false;
  }

  @Override
  public void accept(Block block) throws IOException {
    ByteBuffer data = ByteBuffer.wrap(block.bytes(), 0, block.length());
    long position = block.offset();
    while (data.hasRemaining()) {
      position += channel.write(data, position);
    }
  }

  /** Forces what was written to disk; the state names the part file it is in. */
  @Override
  public String checkpoint() throws IOException {
    channel.force(true);
    return STATE_PREFIX + generation;
  }

  @Override
  public void complete(TransferSummary summary) throws IOException {
    if (summary.decodedSize() != image.size()) {
      throw new IOException(
          "transfer of "
              + stagedFile.getFileName()
              + " produced "
              + summary.decodedSize()
              + " bytes, the metadata declares "
              + image.size());
    }
    setLength(summary.decodedSize());
    channel.force(true);
    close();
    if (resumed && !FileFingerprint.holdsImage(partFile, image)) {
      Files.delete(partFile);
      throw new IOException(
          "resumed transfer of "
              + stagedFile.getFileName()
              + " left a file whose SHA-256 does not match the metadata; the next attempt starts"
              + " over");
    }
    Files.move(partFile, stagedFile, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Releases the part file; it stays on disk for a resumed attempt. */
  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void open(String partGeneration, StandardOpenOption... options) throws IOException {
    generation = partGeneration;
    partFile = MirrorLayout.partFileOf(stagedFile, partGeneration);
    var openOptions = new HashSet<OpenOption>(List.of(options));
    openOptions.add(LinkOption.NOFOLLOW_LINKS);
    channel = FileChannel.open(partFile, openOptions);
  }

  /**
   * Cuts the file to the image's size, or extends it with a hole: trailing all-zero blocks were
   * never written, and writing the last byte (a zero, like the rest of that block) sets the length.
   */
  private void setLength(long size) throws IOException {
    if (channel.size() > size) {
      channel.truncate(size);
    } else if (channel.size() < size) {
      channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }
  }

  /** The generation a checkpoint's state names; null for a state this sink did not write. */
  private static String generationIn(String state) {
    if (state == null || !state.startsWith(STATE_PREFIX)) {
      return null;
    }
    String named = state.substring(STATE_PREFIX.length());
    return named.matches("[0-9a-f]{8}") ? named : null;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
