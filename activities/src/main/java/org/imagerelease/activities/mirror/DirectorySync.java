package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a rename durable by forcing its directory to disk. Linux allows this; where a platform
 * refuses to open a directory the rename is still atomic, only less certain to survive a power cut,
 * so the failure is logged and not raised.
 */
final class DirectorySync {
  private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

  private DirectorySync() {}

  static void force(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      channel.force(true);
    } catch (IOException e) {
      log.debug("Could not force directory {} to disk: {}", directory, e.toString());
    }
  }
}
