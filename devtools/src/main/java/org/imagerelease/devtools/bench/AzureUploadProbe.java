package org.imagerelease.devtools.bench;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.imagerelease.activities.azure.PageBlobUpload;
import org.imagerelease.activities.azure.PageUploadSettings;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.CheckpointListener;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.starter.cli.Logging;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The child JVM of {@code image-release bench --target azure}: streams the bench's fixed VHD
 * through the Azure target's own upload step ({@link PageBlobUpload}: footer checked, page blob
 * created, only non-zero pages put, footer last, decoded SHA-256 into the metadata) into a Blob
 * endpoint, counts the Put Page requests on the wire, and prints what it measured as one JSON
 * line.
 */
@Command(name = "azure-upload-probe", mixinStandardHelpOptions = true)
public final class AzureUploadProbe implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String RELEASE_ID = "release-Fedora-Bench-1";
  static final String COMPOSE_ID = "Fedora-Bench-1";
  static final String IMAGE_PATH = "Cloud/x86_64/images/Fedora-Cloud-Base-Azure-Bench-1.x86_64.vhdfixed.xz";
  static final String CONTAINER = "image-release-bench";

  @Mixin ProbeSource source;

  @Option(names = "--blob-endpoint", required = true,
      description = "The development account's Blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1.")
  URI blobEndpoint;

  @Option(names = "--parallelism", required = true, description = "Put Page requests in flight at once.")
  int parallelism;

  @Option(names = "--requests-per-second", required = true, description = "Most Put Page requests started per second.")
  int requestsPerSecond;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AzureUploadProbe()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Logging.quiet();
    PeakMemory memory = PeakMemory.watch();
    TransferSettings defaults = new ConfigLoader(Map.of()).defaults().transfer();
    SummaryKeeping transfer = new SummaryKeeping(new StreamingImageTransfer(
        defaults.withParallelism(defaults.sinkParallelism(), source.threads), ComposeSources.anywhere()));
    PutPageCounter puts = new PutPageCounter();
    BlobContainerClient container = container(puts);

    long started = System.nanoTime();
    new PageBlobUpload(container, transfer, new PageUploadSettings(parallelism, requestsPerSecond))
        .upload(destination(), source.url, Heartbeat.none());
    long took = System.nanoTime() - started;

    TransferSummary summary = transfer.summary();
    BlobItem blob = theOnlyBlob(container);
    AzureProbeResult result = new AzureProbeResult(parallelism, requestsPerSecond, took, summary.decodedSize(),
        summary.blocksWritten(), summary.blocksZero(), puts.requests(), puts.pages(),
        blob.getProperties().getContentLength(), blob.getMetadata(),
        PeakMemory.peakRssBytes(), memory.peakHeapBytes(), PeakMemory.maxHeapBytes());
    print(result, System.out);
    return 0;
  }

  /** The upload container at the endpoint, with the development account's key and the counter in its pipeline. */
  private BlobContainerClient container(PutPageCounter puts) {
    String account = blobEndpoint.getPath().replaceAll("^/+", "").split("/")[0];
    return new BlobServiceClientBuilder()
        .endpoint(blobEndpoint.toString())
        .credential(new StorageSharedKeyCredential(account, LocalBlobStorage.DEV_ACCOUNT_KEY))
        .httpClient(new JdkHttpClientBuilder().build())
        .addPolicy(puts)
        .buildClient()
        .getBlobContainerClient(CONTAINER);
  }

  private static BlobItem theOnlyBlob(BlobContainerClient container) {
    List<BlobItem> blobs = container.listBlobs(
        new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true)), null).stream().toList();
    if (blobs.size() != 1) {
      throw new IllegalStateException("expected the upload's blob alone in " + CONTAINER + ", found " + blobs.size());
    }
    return blobs.get(0);
  }

  private ImageAtLocation destination() {
    ImageArtifact image = new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "vhd-compressed", "vhdfixed.xz",
        IMAGE_PATH, source.compressedSize, source.sha256);
    return new ImageAtLocation(RELEASE_ID, COMPOSE_ID, "azure", "eastus", image);
  }

  static void print(AzureProbeResult result, PrintStream out) throws JsonProcessingException {
    out.println(JSON.writeValueAsString(result));
    out.flush();
  }

  static AzureProbeResult parse(String line) throws JsonProcessingException {
    return JSON.readValue(line, AzureProbeResult.class);
  }

  /** The pipeline as the upload step uses it, keeping the summary the step only logs. */
  private static final class SummaryKeeping implements ImageTransfer {
    private final ImageTransfer transfer;
    private final AtomicReference<TransferSummary> summary = new AtomicReference<>();

    SummaryKeeping(ImageTransfer transfer) {
      this.transfer = transfer;
    }

    @Override
    public TransferSummary run(TransferRequest request, BlockSink sink, CheckpointListener listener) throws IOException {
      TransferSummary done = transfer.run(request, sink, listener);
      summary.set(done);
      return done;
    }

    TransferSummary summary() {
      TransferSummary done = summary.get();
      if (done == null) {
        throw new IllegalStateException("the upload adopted a blob instead of transferring the image");
      }
      return done;
    }
  }
}
