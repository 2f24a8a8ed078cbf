package org.imagerelease.devtools.bench;

import java.util.Locale;
import org.imagerelease.devtools.bench.BenchReport.AzureResult;
import org.imagerelease.devtools.bench.BenchReport.AzureRun;

/** The Azure section of {@code image-release bench}'s table: the setup, the upload beside the mirror, the pages. */
final class AzureTable {
  private static final String LINE = "    %-11s %s%n";

  private AzureTable() {}

  static void render(AzureResult azure, StringBuilder out) {
    out.append("\n  Azure target: the page blob upload step of the Azure target (real Blob SDK) in a child JVM, "
        + "beside the mirror's transfer of the same file\n");
    line(out, "storage", azure.storage() + ", started afresh for each run");
    BenchFile file = azure.file();
    line(out, "image", String.format(Locale.ROOT, "fixed VHD of %s (%s), as %s, %s, %d xz blocks",
        ByteSize.format(file.decodedSize() - PutPageCounter.PAGE), BenchTable.memory(file.decodedSize()),
        BenchVhd.FILE_NAME, BenchTable.memory(file.size()), file.xzBlocks()));
    line(out, "upload", String.format(Locale.ROOT, "%d Put Page requests in flight, at most %d/s (the worker's defaults)",
        azure.parallelism(), azure.requestsPerSecond()));
    line(out, "child", BenchTable.abbreviated(azure.childCommand()));
    line(out, "timing", azure.timing());
    line(out, "MiB/s", String.format(Locale.ROOT, "upload %.0f, mirror %.0f: the upload keeps %.2f of the mirror's pace",
        azure.miBPerSecond(), azure.mirrorMiBPerSecond(), azure.ratioToMirror()));
    line(out, "upload", BenchTable.seconds(azure.seconds()));
    line(out, "mirror", BenchTable.seconds(azure.mirrorSeconds()));
    long pages = azure.pagesSent() + azure.pagesSkipped();
    line(out, "pages", String.format(Locale.ROOT, "%d of %d sent (%.1f %%), %d zero skipped; %d Put Page requests",
        azure.pagesSent(), pages, pages == 0 ? 0 : 100.0 * azure.pagesSent() / pages, azure.pagesSkipped(),
        azure.putPageRequests()));
    line(out, "blocks", String.format(Locale.ROOT, "%d of 4 MiB with data, %d zero skipped whole",
        azure.blocksWritten(), azure.blocksZero()));
    line(out, "blobs", azure.runs().stream().allMatch(AzureRun::blobComplete)
        ? "every run's blob complete: the VHD's size and its SHA-256 in the metadata"
        : "NOT every blob complete");
    line(out, "peak RSS", String.format(Locale.ROOT, "upload %s (heap: %s in use at most, limit %s), mirror %s",
        BenchTable.memory(azure.peakRssBytes()), BenchTable.memory(azure.peakHeapBytes()),
        BenchTable.memory(azure.maxHeapBytes()), BenchTable.memory(azure.mirrorPeakRssBytes())));
  }

  private static void line(StringBuilder out, String label, String text) {
    out.append(String.format(Locale.ROOT, LINE, label, text));
  }
}
