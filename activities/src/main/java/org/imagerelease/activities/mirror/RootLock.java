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
 * <p>Two layers, because a file lock alone is not enough: it keeps other worker processes out,
 * but the JVM owns file locks per process and refuses a second lock on the same file from another
 * thread, so threads of one worker queue on an in-process lock first. The in-process locks are
 * shared by every {@link MirrorTarget} of the JVM for that reason.
 */
final class RootLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock threadLock;
  private final FileChannel channel;
  private final FileLock fileLock;

  private RootLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
    this.threadLock = threadLock;
    this.channel = channel;
    this.fileLock = fileLock;
  }

  /** Waits for and takes the lock of the root whose lock file this is. Not reentrant. */
  static RootLock acquire(Path lockFile) throws IOException {
    ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
    threadLock.lock();
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new RootLock(threadLock, channel, channel.lock());
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      threadLock.unlock();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      fileLock.release();
      channel.close();
    } finally {
      threadLock.unlock();
    }
  }
}
