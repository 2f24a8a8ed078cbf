package org.imagerelease.localcloud.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blocks one snapshot wrote: each block's SHA-256 and, when data is kept, its bytes in a
 * temporary file, appended in the order they arrive (a 64 TiB volume could not be a sparse file
 * on every file system). A snapshot reads through its own store and its parents'; copies share
 * their source's stores, so stores count their users and delete their file with the last one.
 */
final class BlockStore {
  static final int BLOCK_SIZE = 524288;

  private record Slot(long offset, byte[] digest) {}

  private final String id = Ids.next("blocks");
  private final NavigableMap<Integer, Slot> slots = new ConcurrentSkipListMap<>();
  private final AtomicLong nextOffset = new AtomicLong();
  private final AtomicInteger users = new AtomicInteger(1);
  private final Path file;
  private final FileChannel data;

  private BlockStore(Path file, FileChannel data) {
    this.file = file;
    this.data = data;
  }

  /** A store keeping data in a new file under {@code directory}, or digests only when null. */
  static BlockStore create(Path directory) {
    if (directory == null) {
      return new BlockStore(null, null);
    }
    try {
      Path file = Files.createTempFile(directory, "snapshot-", ".blocks");
      return new BlockStore(file, FileChannel.open(file, StandardOpenOption.READ,
          StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep snapshot blocks in " + directory, e);
    }
  }

  String id() {
    return id;
  }

  void put(int index, byte[] block, byte[] digest) {
    Slot slot = slots.compute(index, (i, old) -> new Slot(
        old != null ? old.offset() : nextOffset.getAndAdd(BLOCK_SIZE), digest));
    if (data != null) {
      try {
        data.write(ByteBuffer.wrap(block), slot.offset());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot keep block " + index, e);
      }
    }
  }

  /** The block's SHA-256; null when it was not written here. */
  byte[] digest(int index) {
    Slot slot = slots.get(index);
    return slot == null ? null : slot.digest();
  }

  /** The block's bytes; empty when it was not written or data is not kept. */
  Optional<byte[]> read(int index) {
    Slot slot = slots.get(index);
    if (slot == null || data == null) {
      return Optional.empty();
    }
    ByteBuffer block = ByteBuffer.allocate(BLOCK_SIZE);
    try {
      while (block.hasRemaining()) {
        if (data.read(block, slot.offset() + block.position()) < 0) {
          throw new IOException("block file ends early");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read block " + index, e);
    }
    return Optional.of(block.array());
  }

  boolean keepsData() {
    return data != null;
  }

  /** Block index to SHA-256, in ascending index order. */
  NavigableMap<Integer, byte[]> digests() {
    NavigableMap<Integer, byte[]> digests = new TreeMap<>();
    slots.forEach((index, slot) -> digests.put(index, slot.digest()));
    return digests;
  }

  int count() {
    return slots.size();
  }

  BlockStore retain() {
    users.incrementAndGet();
    return this;
  }

  void release() {
    if (users.decrementAndGet() == 0 && data != null) {
      try {
        data.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + file, e);
      }
    }
  }
}
