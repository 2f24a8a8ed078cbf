package org.imagerelease.devtools.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.imagerelease.activities.azure.PageUploadSettings;
import org.imagerelease.devtools.bench.BenchReport.AzureResult;
import org.imagerelease.devtools.bench.BenchReport.AzureRun;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.starter.cli.Sizes;

/**
 * The bench's Azure part: per run, the mirror's transfer of the fixed VHD in one child JVM, then
 * the Azure target's upload step of the same file in another, into Blob storage started for that
 * run alone (Azurite when installed, else the embedded service), so each run's blob and counts
 * are its own and an in-memory Azurite never holds more than one image.
 */
final class AzureBench {
  private static final double MIB = 1 << 20;

  private final PageUploadSettings upload = PageUploadSettings.defaults();
  private final ChildTransfer mirror;
  private final List<String> childJavaOptions;
  private final int runs;
  private final PrintWriter progress;

  AzureBench(ChildTransfer mirror, List<String> childJavaOptions, int runs, PrintWriter progress) {
    this.mirror = mirror;
    this.childJavaOptions = List.copyOf(childJavaOptions);
    this.runs = runs;
    this.progress = progress;
  }

  AzureResult measure(ServedFile vhd) throws IOException {
    BenchFile file = vhd.image();
    progress.printf(Locale.ROOT, "Azure target: the %s fixed VHD (%s as .vhdfixed.xz) uploaded %d time%s into a page blob, "
            + "%d Put Page requests in flight, at most %d/s; the mirror's transfer of it beside each%n",
        ByteSize.format(file.decodedSize() - PutPageCounter.PAGE), Sizes.bytes(file.size()), runs, runs == 1 ? "" : "s",
        upload.parallelism(), upload.requestsPerSecond());
    progress.flush();
    List<AzureRun> measured = new ArrayList<>();
    String storageDescription = null;
    String childCommand = null;
    for (int run = 1; run <= runs; run++) {
      ProbeResult mirrored = mirror.run(vhd, BenchRow.PIPELINE, 1).result();
      try (LocalBlobStorage storage = LocalBlobStorage.azuriteOrEmbedded()) {
        storageDescription = storage.description();
        List<String> command = command(vhd, storage);
        childCommand = String.join(" ", command);
        AzureProbeResult uploaded = runToEnd(command, vhd);
        AzureRun each = new AzureRun(uploaded.transferSeconds(), mebibytesPerSecond(file, uploaded.transferSeconds()),
            mirrored.transferSeconds(), mebibytesPerSecond(file, mirrored.transferSeconds()),
            file.decodedSize() / PutPageCounter.PAGE - uploaded.pagesSent(), isComplete(file, uploaded), uploaded, mirrored);
        measured.add(each);
        progress.printf(Locale.ROOT, "  run %d/%d: upload %.2f s (%.0f MiB/s, %d pages sent, %d skipped, %d Put Page, peak RSS %s)"
                + ", mirror %.2f s (%.0f MiB/s, peak RSS %s)%s%n",
            run, runs, each.seconds(), each.miBPerSecond(), uploaded.pagesSent(), each.pagesSkipped(),
            uploaded.putPageRequests(), Sizes.bytes(uploaded.peakRssBytes()), each.mirrorSeconds(),
            each.mirrorMiBPerSecond(), Sizes.bytes(mirrored.peakRssBytes()), each.blobComplete() ? "" : ", BLOB INCOMPLETE");
        progress.flush();
      }
    }
    Spread seconds = Spread.of(measured.stream().map(AzureRun::seconds).toList());
    Spread mirrorSeconds = Spread.of(measured.stream().map(AzureRun::mirrorSeconds).toList());
    AzureProbeResult last = measured.get(measured.size() - 1).child();
    double uploadRate = mebibytesPerSecond(file, seconds.median());
    double mirrorRate = mebibytesPerSecond(file, mirrorSeconds.median());
    return new AzureResult(storageDescription, file, upload.parallelism(), upload.requestsPerSecond(), childCommand,
        "the upload step inside its child JVM, from the container's creation to the blob's metadata written after the "
            + "footer, JVM start-up excluded; the mirror: fetch, SHA-256 of the file and decode into a counting sink, "
            + "inside its child JVM; MiB/s are of the decoded VHD",
        seconds, uploadRate, mirrorSeconds, mirrorRate, uploadRate / mirrorRate, last.pagesSent(),
        measured.get(measured.size() - 1).pagesSkipped(), last.putPageRequests(), last.blocksWritten(), last.blocksZero(),
        measured.stream().mapToLong(run -> run.child().peakRssBytes()).max().orElse(-1),
        measured.stream().mapToLong(run -> run.child().peakHeapBytes()).max().orElse(-1),
        last.maxHeapBytes(),
        measured.stream().mapToLong(run -> run.mirror().peakRssBytes()).max().orElse(-1),
        measured);
  }

  private static double mebibytesPerSecond(BenchFile file, double seconds) {
    return file.decodedSize() / MIB / seconds;
  }

  /** The blob is the VHD's size and its metadata carries the VHD's SHA-256, written only after the footer. */
  private static boolean isComplete(BenchFile file, AzureProbeResult uploaded) {
    return uploaded.blobSize() == file.decodedSize() && uploaded.blobMetadata().containsValue(file.decodedSha256());
  }

  private AzureProbeResult runToEnd(List<String> command, ServedFile vhd) throws IOException {
    TimedProcess process = TimedProcess.run(command);
    String lastLine = process.lastJsonLine();
    if (process.exitCode() != 0 || lastLine.isEmpty()) {
      throw new IOException("the Azure upload of " + vhd.url() + " in a child JVM failed (exit "
          + process.exitCode() + "): " + process.stderr().strip());
    }
    return AzureUploadProbe.parse(lastLine);
  }

  private List<String> command(ServedFile vhd, LocalBlobStorage storage) {
    List<String> command = ChildTransfer.javaCommand(childJavaOptions, AzureUploadProbe.class);
    command.addAll(List.of("--url", vhd.url().toString(),
        "--compressed-size", Long.toString(vhd.image().size()),
        "--sha256", vhd.image().sha256(),
        "--threads", Integer.toString(mirror.decodeThreads()),
        "--blob-endpoint", storage.blobEndpoint(),
        "--parallelism", Integer.toString(upload.parallelism()),
        "--requests-per-second", Integer.toString(upload.requestsPerSecond())));
    return command;
  }
}
