package org.imagerelease.activities.transfer.source;

import java.io.EOFException;
import java.io.IOException;
import io.micrometer.core.instrument.Counter;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.ThroughputFloor;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the source file from an offset to its end, reconnecting where it stopped when the
 * connection drops, stalls or ends early, and holding the file to its declared size.
 *
 * <p>Up to {@code maxRetries} failures in a row are retried, each re-requesting the source from
 * the current offset; a read that makes progress resets the count, so a long transfer survives
 * occasional drops. Byte {@code declaredSize + 1} fails the transfer with IMAGE_TOO_LARGE the
 * moment it arrives. {@link #close()} may be called from another thread to stop a blocked read.
 */
public final class SourceInputStream extends InputStream {

  private static final Logger log = LoggerFactory.getLogger(SourceInputStream.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final ImageSource source;
  private final String imageName;
  private final long declaredSize;
  private final int maxRetries;
  private final ThroughputWatch watch;
  private final Counter downloadedBytes;
  private long position;
  private int failuresInARow;
  private long reportedFileSize = -1;
  private volatile SourceBody body;
  private volatile boolean closed;

  /**
   * The file from {@code start} to its end, which must be at {@code declaredSize}, sent no slower
   * than {@code floor}; every byte read is counted in {@code downloadedBytes}.
   */
  public SourceInputStream(
      ImageSource source, String imageName, long declaredSize, long start, int maxRetries, ThroughputFloor floor, Counter downloadedBytes) {
    this.source = source;
    this.imageName = imageName;
    this.declaredSize = declaredSize;
    this.position = start;
    this.maxRetries = maxRetries;
    this.watch = new ThroughputWatch(floor);
    this.downloadedBytes = downloadedBytes;
  }

  /** Offset in the file of the next byte this stream returns. */
  long position() {
    return position;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position == declaredSize) {
      return confirmEndOfFile();
    }
    int wanted = (int) Math.min(length, declaredSize - position);
    while (true) {
      throwIfClosed();
      try {
        SourceBody current = body;
        if (current == null) {
          current = open();
        }
        long started = System.nanoTime();
        int n = current.stream().read(buffer, offset, wanted);
        if (n < 0) {
          throw new EOFException(
              "Source ended at byte " + position + " of " + declaredSize + " declared");
        }
        watch.count(started, n);
        downloadedBytes.increment(n);
        position += n;
        failuresInARow = 0;
        return n;
      } catch (IOException e) {
        throwIfClosed();
        dropConnection();
        throwIfTooSlow(e);
        retryAfter(e);
      }
    }
  }

  /**
   * Stops reading: drops the connection, which also wakes a read blocked in another thread.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    dropConnection();
  }

  private SourceBody open() throws IOException {
    SourceBody opened = source.open(position, -1);
    if (opened.fileSize() >= 0) {
      reportedFileSize = opened.fileSize();
    }
    body = opened;
    if (closed) {
      dropConnection();
      throwIfClosed();
    }
    return opened;
  }

  private int confirmEndOfFile() throws IOException {
    SourceBody current = body;
    if (current == null) {
      return -1;
    }
    int extra;
    try {
      extra = current.stream().read();
    } catch (IOException e) {
      // Every declared byte arrived; a connection that fails afterwards changes nothing.
      log.debug("Ignoring an error after the last byte of {}: {}", imageName, e.toString());
      dropConnection();
      return -1;
    }
    if (extra >= 0) {
      dropConnection();
      throw new ReleaseException(
          ReleaseFailureTypes.IMAGE_TOO_LARGE,
          "Image " + imageName + " at " + source.location() + " is larger than the "
              + declaredSize + " bytes its metadata declares");
    }
    body = null;
    current.closeQuietly();
    return -1;
  }

  private void retryAfter(IOException failure) throws IOException {
    failuresInARow++;
    if (failuresInARow > maxRetries) {
      throwIfTruncated(failure);
      throw new SourceUnavailableException(
          "Gave up reading image " + imageName + " from " + source.location() + " at byte "
              + position + " after " + maxRetries + " retries: " + failure,
          failure);
    }
    long backoffMillis =
        Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << (failuresInARow - 1));
    log.warn(
        "Reading image {} from {} failed at byte {} ({}); retry {} of {} in {} ms",
        imageName,
        source.location(),
        position,
        failure.toString(),
        failuresInARow,
        maxRetries,
        backoffMillis);
    try {
      Thread.sleep(backoffMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting to retry " + imageName);
    }
  }

  /** Reconnecting to a server that keeps trickling only trickles on: this attempt gives up. */
  private void throwIfTooSlow(IOException failure) throws SourceUnavailableException {
    if (failure instanceof ThroughputWatch.SlowSourceException && watch.slowWindowsInARow() > maxRetries) {
      throw new SourceUnavailableException(
          "Gave up reading image " + imageName + " from " + source.location() + " at byte " + position + ": "
              + failure.getMessage() + ", in " + watch.slowWindowsInARow() + " windows in a row",
          failure);
    }
  }

  /** A source that keeps saying it is shorter than declared holds a truncated file. */
  private void throwIfTruncated(IOException failure) {
    if (reportedFileSize >= 0 && reportedFileSize < declaredSize && position >= reportedFileSize) {
      throw new ReleaseException(
          ReleaseFailureTypes.CORRUPT_ARCHIVE,
          "Image " + imageName + " at " + source.location() + " is truncated: the server has "
              + reportedFileSize + " bytes, the metadata declares " + declaredSize,
          failure);
    }
  }

  private void dropConnection() {
    SourceBody current = body;
    body = null;
    if (current != null) {
      current.disconnect().run();
    }
  }

  private void throwIfClosed() throws InterruptedIOException {
    if (closed) {
      throw new InterruptedIOException("Reading image " + imageName + " was stopped");
    }
  }
}
