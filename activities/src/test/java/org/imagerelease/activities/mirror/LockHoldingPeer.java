package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another worker process, run in its own JVM by {@link RootLockTest}: it holds the
 * lock of one mirror root and then waits for the lock of another, as a process does whose one
 * thread is inside an edit of the first root while another thread waits for the second. It reports
 * each step on standard output and exits once it held both.
 *
 * <p>Arguments: the lock file it holds first, the lock file it then waits for.
 */
public final class LockHoldingPeer {
  static final String HOLDING = "holding";
  static final String DONE = "done";

  private LockHoldingPeer() {}

  public static void main(String[] args) throws IOException {
    try (FileChannel held = open(Path.of(args[0]));
        FileLock first = held.lock()) {
      System.out.println(HOLDING);
      System.out.flush();
      try (FileChannel awaited = open(Path.of(args[1]));
          FileLock second = awaited.lock()) {
        System.out.println(DONE);
        System.out.flush();
      }
    }
  }

  private static FileChannel open(Path lockFile) throws IOException {
    return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }
}
