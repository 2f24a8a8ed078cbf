package org.imagerelease.activities.transfer.source;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/** A compose directory on a local or mounted file system. */
final class FileImageSource implements ImageSource {

  private final Path path;
  private final String imageName;

  FileImageSource(URI uri, String imageName) {
    this.path = Path.of(uri);
    this.imageName = imageName;
  }

  @Override
  public SourceBody open(long offset, long end) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new ReleaseException(
          ReleaseFailureTypes.COMPOSE_NOT_FOUND,
          "Image " + imageName + " not found: " + path + " does not exist",
          e);
    }
    channel.position(offset);
    return new SourceBody(
        Channels.newInputStream(channel), channel.size(), true, () -> closeQuietly(channel));
  }

  @Override
  public String location() {
    return path.toString();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Only called to stop a read; nothing is lost if closing fails too.
    }
  }
}
