package org.imagerelease.activities.transfer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imagerelease.activities.compose.ComposeSources;

/**
 * A worker's transfers in a JVM of their own, so a test can give them a fixed heap: runs every
 * transfer at once through one pipeline, each into a sink as slow as a cloud's, and prints one
 * line: how many completed, the budget's peak and the process' peak RSS.
 *
 * <p>Arguments: memory budget in bytes (0: half the heap), block size, then per transfer the
 * image URL, its compressed size and its SHA-256.
 */
public final class ConcurrentTransfers {
  private ConcurrentTransfers() {}

  public static void main(String[] args) throws Exception {
    long budget = Long.parseLong(args[0]);
    int blockSize = Integer.parseInt(args[1]);
    TransferSettings settings =
        new TransferSettings(blockSize, 16, 2, Duration.ofSeconds(5), Duration.ofSeconds(30), 3, 1L << 34, Duration.ofSeconds(1), budget, ThroughputFloor.defaults());
    StreamingImageTransfer pipeline = new StreamingImageTransfer(settings, ComposeSources.anywhere());
    List<TransferRequest> requests = new ArrayList<>();
    for (int i = 2; i + 2 < args.length + 1; i += 3) {
      URI source = URI.create(args[i]);
      requests.add(new TransferRequest(source, "test", "transfer-" + requests.size(), source.getPath(), Long.parseLong(args[i + 1]), args[i + 2], Compression.XZ, null));
    }
    ExecutorService transfers = Executors.newFixedThreadPool(requests.size());
    List<Future<TransferSummary>> results = new ArrayList<>();
    for (TransferRequest request : requests) {
      results.add(transfers.submit(() -> pipeline.run(request, new SlowSink(), checkpoint -> {})));
    }
    int completed = 0;
    for (Future<TransferSummary> result : results) {
      result.get();
      completed++;
    }
    transfers.shutdown();
    System.out.printf(
        "completed %d of %d transfers; memory budget peak %d of %d bytes; heap max %d; peak RSS %d KiB%n",
        completed, requests.size(), pipeline.memoryBudget().peak(), pipeline.memoryBudget().total(), Runtime.getRuntime().maxMemory(), peakRssKib());
  }

  /** Holds every block for a while, as a sink sending it over the network does. */
  private static final class SlowSink implements BlockSink {
    @Override
    public boolean begin(ImageShape shape) {
      return true;
    }

    @Override
    public void accept(Block block) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String checkpoint() {
      return "";
    }

    @Override
    public void complete(TransferSummary summary) {}
  }

  private static long peakRssKib() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return -1;
  }
}
