package org.imagerelease.devtools.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.CountingSink;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.TransferSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The child JVM of {@code image-release bench}: runs the transfer pipeline once, from a URL into
 * a counting sink, and prints what it measured as one JSON line on stdout. A process of its own,
 * so its peak memory is the transfer's and nothing else's.
 */
@Command(name = "transfer-probe", mixinStandardHelpOptions = true)
public final class TransferProbe implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", required = true, description = "The .xz file to transfer.")
  URI url;

  @Option(names = "--compressed-size", required = true, description = "Its size in bytes.")
  long compressedSize;

  @Option(names = "--sha256", required = true, description = "Its SHA-256, as images.json would list it.")
  String sha256;

  @Option(names = "--threads", required = true, description = "xz blocks decoded at once.")
  int threads;

  @Option(names = "--write-to", description = "Also write the decoded image to this sparse file and report its SHA-256.")
  Path writeTo;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TransferProbe()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    PeakMemory memory = PeakMemory.watch();
    TransferSettings defaults = TransferSettings.defaults();
    TransferSettings settings = defaults.withParallelism(defaults.sinkParallelism(), threads);
    String imageName = Path.of(url.getPath()).getFileName().toString();
    TransferRequest request = new TransferRequest(url, "bench", "loopback", imageName,
        compressedSize, sha256, Compression.XZ, null);
    CountingSink counter = new CountingSink();
    DecodedImageFile decodedFile = writeTo == null ? null : new DecodedImageFile(writeTo, counter);
    BlockSink sink = decodedFile == null ? counter : decodedFile;

    long started = System.nanoTime();
    StreamingImageTransfer transfer = new StreamingImageTransfer(settings);
    TransferSummary summary = transfer.run(request, sink, checkpoint -> {});
    long took = System.nanoTime() - started;
    long peakRss = PeakMemory.peakRssBytes();
    long peakHeap = memory.peakHeapBytes();
    long liveHeap = memory.liveHeapBytes();

    String decodedSha256 = null;
    if (decodedFile != null) {
      decodedSha256 = decodedFile.sha256();
      decodedFile.delete();
    }
    ProbeResult result = new ProbeResult(took, summary.compressedSize(), summary.decodedSize(),
        summary.blockCount(), summary.blocksWritten(), summary.blocksZero(),
        counter.blocksAccepted(), peakRss, peakHeap, liveHeap,
        PeakMemory.maxHeapBytes(), PeakMemory.garbageCollectors(), threads, decodedSha256,
        transfer.xzDecoderName());
    print(result, System.out);
    return 0;
  }

  static void print(ProbeResult result, PrintStream out) throws JsonProcessingException {
    out.println(JSON.writeValueAsString(result));
    out.flush();
  }

  static ProbeResult parse(String line) throws JsonProcessingException {
    return JSON.readValue(line, ProbeResult.class);
  }
}
