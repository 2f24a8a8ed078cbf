package org.imagerelease.localcloud.azure.blob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page blob of the embedded Blob service: a fixed size, its written 512-byte pages (kept in
 * lazily allocated 4 MiB chunks, so a sparse disk image costs only what was written) and its
 * metadata. Unwritten and cleared pages read as zero, as in Azure.
 */
final class PageBlob {
  static final int PAGE = 512;
  private static final int CHUNK = 4 << 20;
  private static final int PAGES_PER_CHUNK = CHUNK / PAGE;

  private final long size;
  private final Instant created;
  private final Map<Long, byte[]> chunks = new HashMap<>();
  private final Map<Long, BitSet> writtenPages = new HashMap<>();
  private Map<String, String> metadata;
  private long version;
  private Instant modified;

  PageBlob(long size, Map<String, String> metadata, Instant now) {
    this.size = size;
    this.metadata = new LinkedHashMap<>(metadata);
    this.created = now;
    this.modified = now;
  }

  long size() {
    return size;
  }

  synchronized Map<String, String> metadata() {
    return new LinkedHashMap<>(metadata);
  }

  synchronized void setMetadata(Map<String, String> replacement, Instant now) {
    metadata = new LinkedHashMap<>(replacement);
    touch(now);
  }

  Instant created() {
    return created;
  }

  synchronized Instant modified() {
    return modified;
  }

  synchronized String etag() {
    return "\"0x" + Long.toHexString(created.toEpochMilli()).toUpperCase() + "-" + version + "\"";
  }

  /** Writes {@code bytes} at {@code offset}; both page-aligned, within the blob. */
  synchronized void write(long offset, byte[] bytes, Instant now) {
    for (int done = 0; done < bytes.length; ) {
      long at = offset + done;
      long chunk = at / CHUNK;
      int within = (int) (at % CHUNK);
      int part = Math.min(bytes.length - done, CHUNK - within);
      System.arraycopy(bytes, done, chunks.computeIfAbsent(chunk, c -> new byte[CHUNK]), within, part);
      writtenPages.computeIfAbsent(chunk, c -> new BitSet(PAGES_PER_CHUNK)).set(within / PAGE, (within + part) / PAGE);
      done += part;
    }
    touch(now);
  }

  /** Clears {@code [offset, end)}: the pages read as zero and are no longer listed. */
  synchronized void clear(long offset, long end, Instant now) {
    for (long at = offset; at < end; ) {
      long chunk = at / CHUNK;
      int within = (int) (at % CHUNK);
      int part = (int) Math.min(end - at, CHUNK - within);
      byte[] data = chunks.get(chunk);
      if (data != null) {
        Arrays.fill(data, within, within + part, (byte) 0);
        writtenPages.get(chunk).clear(within / PAGE, (within + part) / PAGE);
      }
      at += part;
    }
    touch(now);
  }

  /** {@code length} bytes from {@code offset}, zeros where nothing was written. */
  synchronized byte[] read(long offset, int length) {
    byte[] out = new byte[length];
    for (int done = 0; done < length; ) {
      long at = offset + done;
      long chunk = at / CHUNK;
      int within = (int) (at % CHUNK);
      int part = Math.min(length - done, CHUNK - within);
      byte[] data = chunks.get(chunk);
      if (data != null) {
        System.arraycopy(data, within, out, done, part);
      }
      done += part;
    }
    return out;
  }

  /** The written ranges from {@code from} on, merged, as {@code [start, inclusive end]} pairs. */
  synchronized List<long[]> pageRanges(long from, long to) {
    List<long[]> ranges = new ArrayList<>();
    long runStart = -1;
    long firstPage = from / PAGE;
    long endPage = Math.min(size, to) / PAGE;
    for (long page = firstPage; page < endPage; page++) {
      BitSet bits = writtenPages.get(page / PAGES_PER_CHUNK);
      if (bits == null) {
        // Skip the chunk that was never written.
        if (runStart >= 0) {
          ranges.add(new long[] {runStart * PAGE, page * PAGE - 1});
          runStart = -1;
        }
        page = (page / PAGES_PER_CHUNK + 1) * PAGES_PER_CHUNK - 1;
        continue;
      }
      boolean written = bits.get((int) (page % PAGES_PER_CHUNK));
      if (written && runStart < 0) {
        runStart = page;
      } else if (!written && runStart >= 0) {
        ranges.add(new long[] {runStart * PAGE, page * PAGE - 1});
        runStart = -1;
      }
    }
    if (runStart >= 0) {
      ranges.add(new long[] {runStart * PAGE, endPage * PAGE - 1});
    }
    return ranges;
  }

  private void touch(Instant now) {
    version++;
    modified = now;
  }
}
