package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to change a mirror root's CHECKSUM files and public tree. Held only for short
 * edits (a rename, a CHECKSUM rewrite), never during a transfer.
 *
 * <p>Two layers, because a file lock alone is not enough: it keeps other worker processes out, but
 * the JVM owns file locks per process and refuses a second lock on the same file from another
 * thread, so threads of one worker queue on an in-process lock first. The in-process locks are
 * shared by every {@link MirrorTarget} of the JVM for that reason.
 */
final class RootLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();

  /** Something done to a root while holding its lock. */
  @FunctionalInterface
  interface Edit {
    void run() throws IOException;
  }

  private RootLock() {}

  /**
   * Waits for the lock of the root whose lock file this is, runs the edit, and lets go. Not
   * reentrant: an edit must not take the same root's lock again.
   */
  static void holding(Path lockFile, Edit edit) throws IOException {
    ReentrantLock threadLock =
        IN_PROCESS.computeIfAbsent(
            lockFile.toAbsolutePath().normalize(), path -> new ReentrantLock());
    threadLock.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock processLock = channel.lock();
        try {
          edit.run();
        } finally {
          processLock.release();
        }
      }
    } finally {
      threadLock.unlock();
    }
  }
}
