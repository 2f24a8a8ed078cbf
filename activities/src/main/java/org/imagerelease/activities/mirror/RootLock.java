package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to change a mirror root's CHECKSUM files and public tree. Held only for short
 * edits (a rename, a CHECKSUM rewrite), never during a transfer.
 *
 * <p>The file lock keeps other worker processes out. It is an {@code fcntl} lock, which the kernel
 * gives to the whole process, not to a thread; that has two consequences:
 *
 * <ul>
 *   <li>The JVM refuses a second lock on the same file from another thread, so threads must queue
 *       in the process before they ask the kernel.
 *   <li>The kernel's deadlock detection sees a process whose one thread is inside an edit of root A
 *       while another thread waits for root B as one owner holding A and waiting for B. With a
 *       second worker doing the same the other way round it finds a cycle and fails a lock with
 *       {@code EDEADLK} ("Resource deadlock avoided"), although no thread waits for itself. Taking
 *       locks in one order cannot help, since no edit ever holds two roots.
 * </ul>
 *
 * So a worker holds at most one root's file lock at a time, and asks the kernel for one only while
 * it holds none: all edits of the JVM, of every root and every {@link MirrorTarget}, take turns on
 * one in-process lock. No worker is then ever both a holder and a waiter, so no cycle can form. The
 * price is that edits of different roots in one worker do not overlap; they are short.
 */
final class RootLock {
  private static final ReentrantLock FILE_LOCKS_OF_THIS_PROCESS = new ReentrantLock();

  /** Something done to a root while holding its lock. */
  @FunctionalInterface
  interface Edit {
    void run() throws IOException;
  }

  private RootLock() {}

  /**
   * Waits for the lock of the root whose lock file this is, runs the edit, and lets go. The lock
   * file's directory must exist; a link in place of the lock file fails rather than being followed.
   * An edit
   * must not take a root lock again, of this root or another: that is the waiting while holding
   * that this class exists to rule out, so it fails at once.
   */
  static void holding(Path lockFile, Edit edit) throws IOException {
    if (FILE_LOCKS_OF_THIS_PROCESS.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "an edit of a mirror root asked for the root lock " + lockFile + " while holding one");
    }
    FILE_LOCKS_OF_THIS_PROCESS.lock();
    try {
      try (FileChannel channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        FileLock processLock = channel.lock();
        try {
          edit.run();
        } finally {
          processLock.release();
        }
      }
    } finally {
      FILE_LOCKS_OF_THIS_PROCESS.unlock();
    }
  }
}
