package org.imagerelease.activities.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root locks are {@code fcntl} locks, which the kernel gives to a process, not to a thread. So when
 * one thread of this worker is inside an edit of root A and another thread waits for root B, the
 * kernel sees this process holding A and waiting for B. If another worker holds B and waits for A,
 * the kernel finds a cycle and fails one lock with {@code EDEADLK} ("Resource deadlock avoided"),
 * although no thread anywhere waits for itself. The other worker here is a child JVM, since only a
 * second process can hold a file lock against this one.
 */
class RootLockTest {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  @TempDir Path temp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against hanging the build, not a limit
  void aWorkerNeverWaitsForARootLockWhileItHoldsAnother() throws Exception {
    assumeTrue(Files.isReadable(PROC_LOCKS), "needs /proc/locks to see the peer waiting");
    Path lockA = lockFileOf("mirror-a");
    Path lockB = lockFileOf("mirror-b");
    var holdingA = new CountDownLatch(1);
    var releaseA = new CompletableFuture<Void>();
    var editOfA =
        new FutureTask<Void>(
            () ->
                holding(
                    lockA,
                    () -> {
                      holdingA.countDown();
                      releaseA.join();
                    }));
    var editOfB = new FutureTask<Void>(() -> holding(lockB, () -> {}));
    Thread threadOfB = new Thread(editOfB, "edit-of-b");
    Process peer = null;
    try {
      new Thread(editOfA, "edit-of-a").start();
      holdingA.await();
      peer = startPeerThatHoldsThenWaits(lockB, lockA);
      var peerSays =
          new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
      assertThat(peerSays.readLine()).isEqualTo(LockHoldingPeer.HOLDING);
      waitUntilAProcessWaitsFor(lockA, peer.pid());

      threadOfB.start();
      waitUntilSettled(threadOfB, editOfB, lockB);
      releaseA.complete(null);

      editOfA.get();
      editOfB.get();
      assertThat(peerSays.readLine()).isEqualTo(LockHoldingPeer.DONE);
      assertThat(peer.waitFor()).isZero();
    } finally {
      releaseA.complete(null);
      if (peer != null) {
        peer.destroyForcibly();
      }
    }
  }

  @Test
  void anEditThatAsksForAnotherRootLockFailsAtOnceInsteadOfWaitingWhileHolding() throws Exception {
    Path lockA = lockFileOf("mirror-a");
    Path lockB = lockFileOf("mirror-b");

    assertThatThrownBy(() -> RootLock.holding(lockA, () -> RootLock.holding(lockB, () -> {})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(lockB.toString());

    RootLock.holding(lockB, () -> {});
  }

  private static Void holding(Path lockFile, RootLock.Edit edit) throws IOException {
    RootLock.holding(lockFile, edit);
    return null;
  }

  /**
   * Waits until the edit failed or finished, or waits for its lock: parked in this JVM or blocked
   * in the kernel. Only then may root A be let go, or the race this test sets up never happens.
   */
  private static void waitUntilSettled(Thread thread, Future<?> edit, Path lockFile)
      throws Exception {
    while (!edit.isDone()
        && LockSupport.getBlocker(thread) == null
        && !aProcessWaitsFor(lockFile, ProcessHandle.current().pid())) {
      Thread.sleep(10);
    }
  }

  private Path lockFileOf(String root) throws IOException {
    Path lockFile = new MirrorLayout(new MirrorRoot(root, temp.resolve(root), "")).lockFile();
    Files.createDirectories(lockFile.getParent());
    return lockFile;
  }

  private static Process startPeerThatHoldsThenWaits(Path held, Path awaited) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path classes = Path.of(codeLocationOf(LockHoldingPeer.class));
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            classes.toString(),
            LockHoldingPeer.class.getName(),
            held.toString(),
            awaited.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static java.net.URI codeLocationOf(Class<?> type) {
    try {
      return type.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntilAProcessWaitsFor(Path lockFile, long pid) throws Exception {
    while (!aProcessWaitsFor(lockFile, pid)) {
      Thread.sleep(10);
    }
  }

  /**
   * Whether /proc/locks shows the process blocked on the file: a line such as {@code 5: -> POSIX
   * ADVISORY WRITE 4242 fe:00:1234 0 EOF}, with the pid and, ending the device field, the inode.
   */
  private static boolean aProcessWaitsFor(Path lockFile, long pid) throws IOException {
    String waiter = " " + pid + " ";
    String inode = ":" + Files.getAttribute(lockFile, "unix:ino") + " ";
    return Files.readAllLines(PROC_LOCKS).stream()
        .anyMatch(line -> line.contains("->") && line.contains(waiter) && line.contains(inode));
  }
}
