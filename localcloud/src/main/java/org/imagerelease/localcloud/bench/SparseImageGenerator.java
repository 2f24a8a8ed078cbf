package org.imagerelease.localcloud.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imagerelease.localcloud.disk.GptPartition;
import org.imagerelease.localcloud.disk.GptWriter;
import org.imagerelease.localcloud.disk.SeededRandom;
import org.imagerelease.localcloud.disk.SparseFileWriter;
import org.imagerelease.localcloud.disk.SyntheticContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a large sparse raw disk for the benchmark: a GPT with one Linux partition and, spread
 * over it, runs of OS-like data (a few MiB each, as files lie in a file system) making up the
 * requested share of the disk. Only the data is written, on all cores, so a 4 GiB image costs
 * its data in time and disk space and nothing for the holes.
 */
public final class SparseImageGenerator {
  private static final Logger log = LoggerFactory.getLogger(SparseImageGenerator.class);
  private static final long FIRST_DATA_LBA = 2048;
  private static final int PAGE = SparseFileWriter.PAGE_SIZE;

  private final SparseImageSpec spec;

  public SparseImageGenerator(SparseImageSpec spec) {
    this.spec = spec;
  }

  /** An extent of data: where it goes, how long it is, and the seed of its bytes. */
  record Extent(long offset, int length, long seed) {}

  /** Writes the image to {@code file}, replacing it. */
  public SparseImage write(Path file) throws IOException {
    long started = System.nanoTime();
    SeededRandom random = new SeededRandom(spec.seed());
    long lastUsable = GptWriter.lastUsableLba(spec.virtualSize());
    GptPartition root = new GptPartition(GptPartition.LINUX_FILESYSTEM, GptWriter.guidFrom(random),
        FIRST_DATA_LBA, lastUsable, 0, "root");
    List<Extent> extents = layOut(random, root.offset(), (lastUsable + 1) * GptWriter.SECTOR_SIZE);
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (SparseFileWriter out = SparseFileWriter.create(file, spec.virtualSize())) {
      GptWriter.write(out, spec.virtualSize(), GptWriter.guidFrom(random), List.of(root));
      List<Future<?>> writes = new ArrayList<>();
      for (Extent extent : extents) {
        writes.add(pool.submit(() -> {
          byte[] bytes = new byte[extent.length()];
          new SyntheticContent(extent.seed()).fillBinary(bytes, 0, bytes.length);
          out.write(extent.offset(), bytes);
          return null;
        }));
      }
      for (Future<?> write : writes) {
        await(write);
      }
      SparseImage image = new SparseImage(file, spec.virtualSize(), out.bytesWritten(), extents.size());
      log.info("Wrote benchmark image {}: {} MiB virtual, {} MiB of data in {} extents, {} ms",
          file, spec.virtualSize() >> 20, image.dataBytes() >> 20, extents.size(),
          (System.nanoTime() - started) / 1_000_000);
      return image;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Draws extent lengths (log-uniform between the spec's bounds, so most are small and a few
   * large) until they reach the data share of {@code [start, end)}, then spreads them over it
   * with random gaps that add up to the rest.
   */
  List<Extent> layOut(SeededRandom random, long start, long end) {
    long area = (end - start) / PAGE * PAGE;
    long target = (long) (area * spec.dataFraction()) / PAGE * PAGE;
    List<Integer> lengths = new ArrayList<>();
    long total = 0;
    double logMin = Math.log(spec.minExtent());
    double logMax = Math.log(spec.maxExtent());
    while (total < target) {
      int length = (int) (Math.exp(logMin + random.nextDouble() * (logMax - logMin)) / PAGE) * PAGE;
      length = (int) Math.min(Math.max(length, spec.minExtent()), target - total);
      lengths.add(length);
      total += length;
    }
    long gapTotal = area - total;
    double[] weights = new double[lengths.size() + 1];
    double weightSum = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = -Math.log(1 - random.nextDouble()); // exponential: many short gaps, few long
      weightSum += weights[i];
    }
    List<Extent> extents = new ArrayList<>();
    long position = start;
    for (int i = 0; i < lengths.size(); i++) {
      position += (long) (gapTotal * (weights[i] / weightSum)) / PAGE * PAGE;
      extents.add(new Extent(position, lengths.get(i), SeededRandom.derive(spec.seed(), i)));
      position += lengths.get(i);
    }
    return extents;
  }

  private static void await(Future<?> write) throws IOException {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the benchmark image", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("writing the benchmark image failed", e.getCause());
    }
  }
}
