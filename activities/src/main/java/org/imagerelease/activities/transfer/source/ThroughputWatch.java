package org.imagerelease.activities.transfer.source;

import org.imagerelease.activities.transfer.ThroughputFloor;

/**
 * Holds one source to its {@link ThroughputFloor}: adds up the time reads waited and the bytes
 * they brought, and judges each window of waiting as it fills. Windows span reconnects, and the
 * count of slow windows in a row is reset only by a window that met the floor, so a trickling
 * server cannot make itself look healthy with the byte it sends after each reconnect.
 */
final class ThroughputWatch {
  private final ThroughputFloor floor;
  private long waitedNanos;
  private long bytes;
  private int slowWindowsInARow;

  ThroughputWatch(ThroughputFloor floor) {
    this.floor = floor;
  }

  /**
   * Counts one read that began at {@code startNanos} ({@link System#nanoTime()}) and brought
   * {@code received} bytes.
   *
   * @throws SlowSourceException when it closed a window that brought less than the floor
   */
  void count(long startNanos, int received) throws SlowSourceException {
    if (!floor.enabled()) {
      return;
    }
    waitedNanos += System.nanoTime() - startNanos;
    bytes += Math.max(0, received);
    if (waitedNanos < floor.window().toNanos()) {
      return;
    }
    double seconds = waitedNanos / 1e9;
    long brought = bytes;
    waitedNanos = 0;
    bytes = 0;
    if (brought >= floor.bytesPerSecond() * seconds) {
      slowWindowsInARow = 0;
      return;
    }
    slowWindowsInARow++;
    throw new SlowSourceException(
        String.format(
            "the server sent %d bytes in %.1f s of waiting, below the minimum of %d bytes/s"
                + " ([consumer_config.transfer] minimum_throughput)",
            brought, seconds, floor.bytesPerSecond()));
  }

  int slowWindowsInARow() {
    return slowWindowsInARow;
  }

  /** A whole window of waiting brought less than the floor. */
  static final class SlowSourceException extends java.io.IOException {
    SlowSourceException(String message) {
      super(message);
    }
  }
}
