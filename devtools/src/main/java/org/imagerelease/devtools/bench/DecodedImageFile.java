package org.imagerelease.devtools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CountingSink;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.SinkNeeds;
import org.imagerelease.activities.transfer.TransferSummary;

/**
 * A sink that writes each block at its place in a sparse file, and passes every call on to a
 * counting sink. Skipped zero blocks stay holes, so the file reads back as the decoded image and
 * its SHA-256 proves the pipeline put every byte where it belongs, whatever order blocks came in.
 * Used once per image to check, never in a timed run.
 */
final class DecodedImageFile implements BlockSink {
  private static final int READ_BUFFER = 1 << 20;

  private final Path file;
  private final CountingSink counter;
  private final FileChannel channel;

  DecodedImageFile(Path file, CountingSink counter) throws IOException {
    this.file = file;
    this.counter = counter;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  @Override
  public SinkNeeds needs() {
    return counter.needs();
  }

  @Override
  public boolean begin(ImageShape shape) {
    return counter.begin(shape);
  }

  @Override
  public void accept(Block block) throws IOException {
    ByteBuffer data = ByteBuffer.wrap(block.bytes(), 0, block.length());
    long position = block.offset();
    while (data.hasRemaining()) {
      position += channel.write(data, position);
    }
    counter.accept(block);
  }

  @Override
  public String checkpoint() {
    return counter.checkpoint();
  }

  @Override
  public void complete(TransferSummary summary) throws IOException {
    channel.close();
    // Trailing zero blocks were never written; the file must still be as long as the image.
    try (RandomAccessFile image = new RandomAccessFile(file.toFile(), "rw")) {
      image.setLength(summary.decodedSize());
    }
    counter.complete(summary);
  }

  /** Reads the file back; lower-case hex SHA-256 of the decoded image. */
  String sha256() throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    try (InputStream in = Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ))) {
      byte[] buffer = new byte[READ_BUFFER];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Removes the file. */
  void delete() throws IOException {
    channel.close();
    Files.deleteIfExists(file);
  }
}
