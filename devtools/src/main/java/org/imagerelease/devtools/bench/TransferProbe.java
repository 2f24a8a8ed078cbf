package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.CountingSink;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.TransferSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The child JVM of {@code image-release bench}: runs the transfer pipeline from a URL into the
 * sink of one {@link BenchRow}, once or several times at once as one worker would, and prints what
 * it measured as one JSON line on stdout. A process of its own, so its peak memory is the
 * transfers' and nothing else's.
 */
@Command(name = "transfer-probe", mixinStandardHelpOptions = true)
public final class TransferProbe implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ProbeSource source;

  @Option(names = "--row", defaultValue = "PIPELINE", description = "Which sink: ${COMPLETION-CANDIDATES}.")
  BenchRow row;

  @Option(names = "--upload-to", description = "The snapshot upload server, for the CLOUD_SINK row.")
  URI uploadTo;

  @Option(names = "--transfers", defaultValue = "1", description = "Transfers of the file at once, in this one JVM.")
  int transfers;

  @Option(names = "--write-to", description = "Also write the decoded image to this sparse file and report its SHA-256 (one PIPELINE transfer).")
  Path writeTo;

  /** One transfer's outcome and what its sink counted. */
  private record Transferred(TransferSummary summary, long blocksAccepted, long nanos) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new TransferProbe()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (row == BenchRow.CLOUD_SINK && uploadTo == null) {
      throw new IllegalArgumentException("the CLOUD_SINK row needs --upload-to");
    }
    if (writeTo != null && (row != BenchRow.PIPELINE || transfers != 1)) {
      throw new IllegalArgumentException("--write-to checks one PIPELINE transfer");
    }
    TransferSettings defaults = TransferSettings.defaults();
    // Read once, when the first connection is made: every sink sender may keep its connection.
    System.setProperty("http.maxConnections", Integer.toString(transfers * defaults.sinkParallelism()));
    PeakMemory memory = PeakMemory.watch();
    TransferSettings settings = defaults.withParallelism(defaults.sinkParallelism(), source.threads);
    // The bench reads its own files and servers.
    StreamingImageTransfer transfer = new StreamingImageTransfer(settings, ComposeSources.anywhere());
    DecodedImageFile decodedFile = null;

    long started = System.nanoTime();
    List<Transferred> done = new ArrayList<>();
    if (writeTo != null) {
      CountingSink counter = new CountingSink();
      decodedFile = new DecodedImageFile(writeTo, counter);
      done.add(transferOnce(transfer, request(1), decodedFile, counter::blocksAccepted));
    } else {
      done.addAll(transferAtOnce(transfer));
    }
    long took = System.nanoTime() - started;
    long peakRss = PeakMemory.peakRssBytes();
    long peakHeap = memory.peakHeapBytes();
    long liveHeap = memory.liveHeapBytes();

    String decodedSha256 = null;
    if (decodedFile != null) {
      decodedSha256 = decodedFile.sha256();
      decodedFile.delete();
    }
    TransferSummary summary = done.get(0).summary();
    ProbeResult result = new ProbeResult(row, transfers, took,
        transfers == 1 ? null : done.stream().map(Transferred::nanos).toList(),
        summary.compressedSize(), summary.decodedSize(),
        summary.blockCount(), summary.blocksWritten(), summary.blocksZero(),
        done.stream().mapToLong(Transferred::blocksAccepted).sum(), peakRss, peakHeap, liveHeap,
        PeakMemory.maxHeapBytes(), PeakMemory.garbageCollectors(), source.threads, decodedSha256,
        transfer.xzDecoderName());
    print(result, System.out);
    return 0;
  }

  /** {@link #transfers} transfers of the file, all started at once, each on a thread of its own. */
  private List<Transferred> transferAtOnce(StreamingImageTransfer transfer)
      throws Exception {
    ExecutorService releases = Executors.newFixedThreadPool(transfers);
    try {
      List<Future<Transferred>> running = new ArrayList<>();
      for (int number = 1; number <= transfers; number++) {
        TransferRequest request = request(number);
        running.add(releases.submit(() -> switch (row) {
          case PIPELINE -> {
            CountingSink sink = new CountingSink();
            yield transferOnce(transfer, request, sink, sink::blocksAccepted);
          }
          case CLOUD_SINK -> {
            SnapshotUploadSink sink = new SnapshotUploadSink(uploadTo);
            yield transferOnce(transfer, request, sink, sink::blocksSent);
          }
        }));
      }
      List<Transferred> done = new ArrayList<>();
      for (Future<Transferred> each : running) {
        done.add(each.get());
      }
      return done;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception failure ? failure : new IOException(e.getCause());
    } finally {
      releases.shutdownNow();
    }
  }

  private static Transferred transferOnce(StreamingImageTransfer transfer, TransferRequest request,
      BlockSink sink, LongSupplier blocksAccepted) throws IOException {
    long started = System.nanoTime();
    TransferSummary summary = transfer.run(request, sink, checkpoint -> {});
    return new Transferred(summary, blocksAccepted.getAsLong(), System.nanoTime() - started);
  }

  /** The request of one transfer; several at once tell themselves apart by their location. */
  private TransferRequest request(int number) {
    String imageName = Path.of(source.url.getPath()).getFileName().toString();
    return new TransferRequest(source.url, "bench", "loopback-" + number, imageName,
        source.compressedSize, source.sha256, Compression.XZ, null);
  }

  static void print(ProbeResult result, PrintStream out) throws JsonProcessingException {
    out.println(JSON.writeValueAsString(result));
    out.flush();
  }

  static ProbeResult parse(String line) throws JsonProcessingException {
    return JSON.readValue(line, ProbeResult.class);
  }
}
