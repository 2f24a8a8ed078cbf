package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * Writes an image's blocks at their offsets into {@code <staged file>.part} and, once the pipeline
 * verified the whole image, renames it to the staged file. All-zero blocks are never written, so
 * they stay holes; the final length is set from the summary, which also covers trailing zero
 * blocks. A fresh (not resumed) attempt empties the part file first, because a hole must read as
 * zeros and an earlier attempt may have left data there.
 *
 * <p>A resumed attempt trusts blocks an earlier attempt wrote, which the pipeline's checksum of the
 * source never saw on disk; so before the rename the whole file is hashed once more, and a file
 * that does not match is deleted, making the next attempt start over.
 */
final class StagedFileSink implements BlockSink, AutoCloseable {
  private final Path partFile;
  private final Path stagedFile;
  private final ImageArtifact image;
  private RandomAccessFile file;
  private FileChannel channel;
  private boolean resumed;

  StagedFileSink(Path stagedFile, ImageArtifact image) {
    this.partFile = MirrorLayout.partFileOf(stagedFile);
    this.stagedFile = stagedFile;
    this.image = image;
  }

  @Override
  public void begin(ImageShape shape) throws IOException {
    Files.createDirectories(partFile.getParent());
    file = new RandomAccessFile(partFile.toFile(), "rw");
    channel = file.getChannel();
    resumed = shape.resumed();
    if (!resumed) {
      file.setLength(0);
    }
  }

  @Override
  public void accept(Block block) throws IOException {
    ByteBuffer data = ByteBuffer.wrap(block.bytes(), 0, block.length());
    long position = block.offset();
    while (data.hasRemaining()) {
      position += channel.write(data, position);
    }
  }

  @Override
  public void flush() throws IOException {
    channel.force(true);
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
    file.setLength(summary.decodedSize());
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
    if (file != null) {
      file.close();
      file = null;
      channel = null;
    }
  }
}
