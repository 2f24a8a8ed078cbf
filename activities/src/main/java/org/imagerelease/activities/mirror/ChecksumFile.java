package org.imagerelease.activities.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Fedora-style {@code CHECKSUM} file: for every image of one directory, sorted by file name,
 *
 * <pre>
 * # Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz: 394218420 bytes
 * SHA256 (Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz) = 33f3...8535
 * </pre>
 *
 * Immutable; {@link #writeAtomically} replaces the file by a rename, so a reader sees the old or
 * the new file, never a mix. Lines it does not understand (e.g. a signature) are not kept: a
 * changed file would invalidate a signature anyway.
 */
final class ChecksumFile {
  private static final Pattern SIZE_LINE = Pattern.compile("^# (.+): (\\d+) bytes$");
  private static final Pattern SHA256_LINE =
      Pattern.compile("^SHA256 \\((.+)\\) = ([0-9a-f]{64})$");

  /**
   * One file's line pair.
   *
   * @param size bytes, or -1 when the file had no size comment for it
   */
  record Entry(long size, String sha256) {}

  private final SortedMap<String, Entry> entries;

  private ChecksumFile(SortedMap<String, Entry> entries) {
    this.entries = entries;
  }

  /** The file's entries; empty when there is no file. A link in its place fails, unfollowed. */
  static ChecksumFile read(Path file) throws IOException {
    var sizes = new TreeMap<String, Long>();
    var entries = new TreeMap<String, Entry>();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.lines().toList()) {
        Matcher size = SIZE_LINE.matcher(line);
        Matcher sha = SHA256_LINE.matcher(line);
        if (size.matches()) {
          sizes.put(size.group(1), Long.parseLong(size.group(2)));
        } else if (sha.matches()) {
          entries.put(sha.group(1), new Entry(-1, sha.group(2)));
        }
      }
    } catch (NoSuchFileException e) {
      return new ChecksumFile(entries);
    }
    entries.replaceAll((name, entry) -> new Entry(sizes.getOrDefault(name, -1L), entry.sha256()));
    return new ChecksumFile(entries);
  }

  Optional<Entry> entry(String fileName) {
    return Optional.ofNullable(entries.get(fileName));
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  ChecksumFile with(String fileName, long size, String sha256) {
    var changed = new TreeMap<>(entries);
    changed.put(fileName, new Entry(size, sha256));
    return new ChecksumFile(changed);
  }

  ChecksumFile without(String fileName) {
    var changed = new TreeMap<>(entries);
    changed.remove(fileName);
    return new ChecksumFile(changed);
  }

  String render() {
    var text = new StringBuilder();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getValue().size() >= 0) {
        text.append("# ")
            .append(e.getKey())
            .append(": ")
            .append(e.getValue().size())
            .append(" bytes\n");
      }
      text.append("SHA256 (")
          .append(e.getKey())
          .append(") = ")
          .append(e.getValue().sha256())
          .append('\n');
    }
    return text.toString();
  }

  /**
   * Replaces {@code file} with this content, or removes it when there are no entries. The new
   * content is written to {@code temp}, made durable, and renamed over the file.
   *
   * @param temp an unused path on the same file system, outside the public tree, in an existing
   *     directory; the file's directory must exist too (the caller makes both, refusing links)
   */
  void writeAtomically(Path file, Path temp) throws IOException {
    if (isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)) {
        ByteBuffer bytes = ByteBuffer.wrap(render().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
