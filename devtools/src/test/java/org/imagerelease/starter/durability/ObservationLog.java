package org.imagerelease.starter.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of {@link Observation}s that worker processes write and the test reads
 * while they run. Each line goes out in one {@code write(2)} on a file opened for appending, so
 * lines of concurrent threads and processes never interleave, and a line is in the file (the
 * kernel's page cache) as soon as {@link #record} returns: a SIGKILL loses nothing recorded.
 */
final class ObservationLog implements AutoCloseable {
  private final FileChannel channel;
  private final long pid = ProcessHandle.current().pid();

  private ObservationLog(FileChannel channel) {
    this.channel = channel;
  }

  static ObservationLog appendingTo(Path file) throws IOException {
    return new ObservationLog(
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  void record(int attempt, Observation.Kind kind, String detail) {
    ByteBuffer line =
        ByteBuffer.wrap(new Observation(pid, attempt, kind, detail).toLine().getBytes(StandardCharsets.US_ASCII));
    try {
      while (line.hasRemaining()) {
        channel.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record " + kind + " " + detail, e);
    }
  }

  /** Every complete line of the file so far; a line still being written is left for later. */
  static List<Observation> read(Path file) throws IOException {
    List<Observation> observations = new ArrayList<>();
    if (!Files.exists(file)) {
      return observations;
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      observations.add(Observation.parse(text.substring(start, end)));
      start = end + 1;
    }
    return observations;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
