package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.activities.transfer.TestImages;
import org.imagerelease.activities.transfer.TestSettings;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page-blob upload through the real Blob client, against Azurite when Node has it and the
 * embedded Blob service otherwise (the log says which); {@link PageBlobUploadOnEmbeddedServiceTest}
 * runs the same on the embedded service always, which also refuses a Put Page over 4 MiB as
 * Azure does. What the client sent is recorded inside its own pipeline, so the assertions hold
 * the same on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageBlobUploadTest {
  private static final String COMPOSE = "Fedora-Cloud-41-20241027.0";
  private static final String FILE = "Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd.xz";
  private static final long FOOTER_AT = TestVhd.VIRTUAL_SIZE;
  private static final long BLOCK_3 = 12L * TestVhd.MIB;
  private final AtomicInteger containers = new AtomicInteger();
  private LocalBlobStorage storage;
  /** Made once: compressing takes longer than uploading. */
  private byte[] image;
  private byte[] xzOneBlock;
  private byte[] xzThreeMiBBlocks;

  @TempDir Path dir;
  private final BlobCalls calls = new BlobCalls();
  private final StreamingImageTransfer transfer =
      new StreamingImageTransfer(new TestSettings().checkpointInterval(Duration.ofMillis(20)).build(), ComposeSources.anywhere());

  /** The storage these tests run against. */
  LocalBlobStorage startStorage() {
    return LocalBlobStorage.azuriteOrEmbedded();
  }

  @BeforeAll
  void start() {
    storage = startStorage();
    System.out.println(getClass().getSimpleName() + " runs against " + storage.description());
    image = TestVhd.image(1);
    xzOneBlock = TestImages.xzSingleBlock(image);
    xzThreeMiBBlocks = TestImages.xzWithBlocksOf(image, 3 * TestVhd.MIB);
  }

  /** One instance serves every test (PER_CLASS, for the storage): each starts with no calls seen. */
  @BeforeEach
  void forgetCalls() {
    calls.reset();
  }

  @AfterAll
  void stopStorage() {
    storage.close();
  }

  @Test
  void sendsOnlyNonZeroPagesInPutsOfAtMost4MiBWithTheFooterLast() throws IOException {
    ImageAtLocation ref = ref(xzThreeMiBBlocks);
    BlobContainerClient container = container(calls);

    String url = new PageBlobUpload(container, transfer, new PageUploadSettings(3, 500)).upload(ref, source(), Heartbeat.none());

    List<BlobCalls.PutPage> puts = calls.puts();
    assertThat(puts).allSatisfy(put -> {
      assertThat(put.length()).isPositive().isLessThanOrEqualTo(4L * TestVhd.MIB);
      assertThat(put.start() % 512).isZero();
      assertThat(put.length() % 512).isZero();
    });
    assertThat(sentPages(puts)).isEqualTo(TestVhd.nonZeroPages(image));
    assertThat(puts.stream().mapToLong(BlobCalls.PutPage::length).sum()).as("no page sent twice").isEqualTo(sentPages(puts).cardinality() * 512L);
    assertThat(puts).anySatisfy(put -> assertThat(put.length()).isEqualTo(4L * TestVhd.MIB));
    BlobCalls.PutPage footer = puts.stream().filter(put -> put.start() == FOOTER_AT).findFirst().orElseThrow();
    assertThat(footer.length()).isEqualTo(512);
    assertThat(puts).filteredOn(put -> put != footer).allSatisfy(put -> assertThat(put.finishedAs()).isLessThan(footer.startedAs()));
    assertThat(calls.mostInFlight()).isLessThanOrEqualTo(3);

    String blobName = COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd";
    assertThat(url).endsWith(blobName);
    var blob = container.getBlobClient(blobName);
    BlobProperties properties = blob.getProperties();
    assertThat(properties.getBlobType()).isEqualTo(BlobType.PAGE_BLOB);
    assertThat(properties.getBlobSize()).isEqualTo(image.length);
    assertThat(properties.getMetadata())
        .containsEntry(BlobNames.DECODED_SHA256, TestImages.sha256(image))
        .containsEntry(BlobNames.SOURCE_SHA256, ref.image().sha256())
        .containsEntry(BlobNames.COMPOSE_ID, COMPOSE);
    assertThat(blob.downloadContent().toBytes()).isEqualTo(image);
  }

  @Test
  void refusesABadFooterBeforeAnyBlobExists() throws IOException {
    byte[] dynamic = FixedVhd.footer(TestVhd.VIRTUAL_SIZE);
    ByteBuffer.wrap(dynamic).putInt(60, 3);
    // Uncompressed, the footer is read with a range request instead of decoding the last xz block.
    ImageAtLocation ref = ref(TestVhd.image(2, FixedVhd.withChecksum(dynamic)), "vhd");
    BlobContainerClient container = container(calls);
    PageBlobUpload upload = new PageBlobUpload(container, transfer, PageUploadSettings.defaults());

    assertThatThrownBy(() -> upload.upload(ref, source(), Heartbeat.none()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.UNSUPPORTED_IMAGE))
        .hasMessageContaining(FILE)
        .hasMessageContaining("dynamic VHD");
    assertThat(calls.requests()).as("requests after the container's").noneMatch(request -> request.contains("/" + COMPOSE + "/"));
    assertThat(upload.blob(ref).exists()).isFalse();
  }

  @Test
  void resumesFromTheHeartbeatCheckpointSendingOnlyMissingRanges() throws Exception {
    ImageAtLocation ref = ref(xzOneBlock);
    // The first attempt writes blocks 0 and 2, heartbeats a checkpoint with them, then loses
    // its connection on every write from block 3 on.
    CountDownLatch checkpointed = new CountDownLatch(1);
    RecordingHeartbeat first = new RecordingHeartbeat(null, checkpoint -> {
      if (checkpoint.resume() != null && checkpoint.resume().blocksAccepted() >= 2) {
        checkpointed.countDown();
      }
    });
    HttpPipelinePolicy lostAfterCheckpoint = BlobCalls.failing(request -> {
      if (!BlobCalls.isPutPage(request) || rangeStart(request) < BLOCK_3) {
        return false;
      }
      awaitQuietly(checkpointed);
      return true;
    });
    BlobCalls firstCalls = new BlobCalls();
    String containerName = newContainerName();
    PageBlobUpload firstAttempt =
        new PageBlobUpload(container(containerName, firstCalls, lostAfterCheckpoint), transfer, new PageUploadSettings(2, 500));
    assertThatThrownBy(() -> firstAttempt.upload(ref, source(), first)).hasMessageContaining("connection lost (injected)");
    TransferCheckpoint last = first.lastCheckpoint();
    assertThat(last.resume().blocksAccepted()).isGreaterThanOrEqualTo(2);

    BlobContainerClient container = container(containerName, calls);
    new PageBlobUpload(container, transfer, new PageUploadSettings(2, 500)).upload(ref, source(), new RecordingHeartbeat(last, c -> {}));

    assertOnlyMissingRangesSent(firstCalls.puts(), calls.puts());
    assertThat(calls.puts()).as("blocks 0 and 2, which the checkpoint had").allSatisfy(put -> assertThat(put.start()).isGreaterThanOrEqualTo(BLOCK_3));
    assertThat(container.getBlobClient(COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd").downloadContent().toBytes()).isEqualTo(image);
  }

  @Test
  void resumesFromTheBlobsPageRangesWithoutACheckpoint() throws Exception {
    ImageAtLocation ref = ref(xzOneBlock);
    BlobCalls firstCalls = new BlobCalls();
    String containerName = newContainerName();
    HttpPipelinePolicy lostAtBlock3 = BlobCalls.failing(request -> BlobCalls.isPutPage(request) && rangeStart(request) >= BLOCK_3);
    // One write at a time: none is in flight, half sent, when the attempt fails.
    PageBlobUpload firstAttempt =
        new PageBlobUpload(container(containerName, firstCalls, lostAtBlock3), transfer, new PageUploadSettings(1, 500));
    assertThatThrownBy(() -> firstAttempt.upload(ref, source(), Heartbeat.none())).hasMessageContaining("connection lost (injected)");
    assertThat(firstCalls.puts()).isNotEmpty();

    BlobContainerClient container = container(containerName, calls);
    new PageBlobUpload(container, transfer, new PageUploadSettings(4, 500)).upload(ref, source(), Heartbeat.none());

    assertOnlyMissingRangesSent(firstCalls.puts(), calls.puts());
    assertThat(container.getBlobClient(COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd").downloadContent().toBytes()).isEqualTo(image);
  }

  @Test
  void aRetryAfterTheUploadFinishedAdoptsTheBlobWithoutReadingTheSource() throws IOException {
    ImageAtLocation ref = ref(xzThreeMiBBlocks);
    String containerName = newContainerName();
    new PageBlobUpload(container(containerName, new BlobCalls()), transfer, PageUploadSettings.defaults()).upload(ref, source(), Heartbeat.none());
    Files.delete(dir.resolve(FILE));

    String url = new PageBlobUpload(container(containerName, calls), transfer, PageUploadSettings.defaults()).upload(ref, source(), Heartbeat.none());

    assertThat(url).endsWith("/" + containerName + "/" + COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd");
    assertThat(calls.puts()).isEmpty();
    assertThat(calls.requests()).noneMatch(request -> request.startsWith("PUT") && request.contains("/" + COMPOSE + "/"));
  }

  @Test
  void aBlobOfAnotherImageUnderTheNameIsReplacedNotResumed() throws IOException {
    String containerName = newContainerName();
    byte[] other = TestVhd.image(6);
    new PageBlobUpload(container(containerName, new BlobCalls()), transfer, PageUploadSettings.defaults())
        .upload(ref(TestImages.xzSingleBlock(other)), source(), Heartbeat.none());
    ImageAtLocation ref = ref(xzOneBlock);

    new PageBlobUpload(container(containerName, calls), transfer, PageUploadSettings.defaults()).upload(ref, source(), Heartbeat.none());

    assertThat(sentPages(calls.puts())).isEqualTo(TestVhd.nonZeroPages(image));
    var blob = container(containerName, new BlobCalls()).getBlobClient(COMPOSE + "/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd");
    assertThat(blob.downloadContent().toBytes()).isEqualTo(image);
    assertThat(blob.getProperties().getMetadata()).containsEntry(BlobNames.SOURCE_SHA256, ref.image().sha256());
  }

  @Test
  void compensationDeletesTheBlobAndDeletingAgainIsFine() throws IOException {
    ImageAtLocation ref = ref(xzThreeMiBBlocks);
    PageBlobUpload upload = new PageBlobUpload(container(calls), transfer, PageUploadSettings.defaults());
    upload.upload(ref, source(), Heartbeat.none());
    assertThat(upload.blob(ref).exists()).isTrue();

    upload.delete(ref);
    assertThat(upload.blob(ref).exists()).isFalse();
    upload.delete(ref);
    assertThat(upload.blob(ref).exists()).isFalse();
  }

  private void assertOnlyMissingRangesSent(List<BlobCalls.PutPage> first, List<BlobCalls.PutPage> second) {
    BitSet before = sentPages(first);
    BitSet after = sentPages(second);
    assertThat(before.intersects(after)).as("the retry rewrote pages the first attempt had written").isFalse();
    BitSet all = (BitSet) before.clone();
    all.or(after);
    assertThat(all).isEqualTo(TestVhd.nonZeroPages(image));
  }

  private static BitSet sentPages(List<BlobCalls.PutPage> puts) {
    BitSet pages = new BitSet();
    puts.forEach(put -> pages.set((int) (put.start() / 512), (int) (put.end() / 512)));
    return pages;
  }

  private static long rangeStart(HttpRequest request) {
    String range = request.getHeaders().getValue(com.azure.core.http.HttpHeaderName.fromString("x-ms-range"));
    return Long.parseLong(range.substring("bytes=".length(), range.indexOf('-')));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("no checkpoint with two blocks within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ImageAtLocation ref(byte[] compressed) throws IOException {
    return ref(compressed, "vhd.xz");
  }

  private ImageAtLocation ref(byte[] file, String format) throws IOException {
    Files.write(dir.resolve(FILE), file);
    ImageArtifact artifact =
        new ImageArtifact("Cloud", "x86_64", "Cloud_Base", "vhd-compressed", format, "Cloud/x86_64/images/" + FILE, file.length, TestImages.sha256(file));
    return new ImageAtLocation("release-" + COMPOSE, COMPOSE, PageBlobUpload.TARGET, "eastus", artifact);
  }

  private java.net.URI source() {
    return dir.resolve(FILE).toUri();
  }

  private String newContainerName() {
    return "vhds-" + containers.incrementAndGet();
  }

  private BlobContainerClient container(BlobCalls calls) {
    return container(newContainerName(), calls);
  }

  private BlobContainerClient container(String name, BlobCalls calls, HttpPipelinePolicy... more) {
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder().connectionString(storage.connectionString()).addPolicy(calls);
    for (HttpPipelinePolicy policy : more) {
      builder.addPolicy(policy);
    }
    return builder.buildClient().getBlobContainerClient(name);
  }

  /** Remembers every beat, offers an earlier attempt's last one. */
  private static final class RecordingHeartbeat implements Heartbeat {
    private final List<Object> beats = new CopyOnWriteArrayList<>();
    private final TransferCheckpoint previousAttempt;
    private final java.util.function.Consumer<TransferCheckpoint> onCheckpoint;

    RecordingHeartbeat(TransferCheckpoint previousAttempt, java.util.function.Consumer<TransferCheckpoint> onCheckpoint) {
      this.previousAttempt = previousAttempt;
      this.onCheckpoint = onCheckpoint;
    }

    @Override
    public void beat(Object details) {
      beats.add(details);
      if (details instanceof TransferCheckpoint checkpoint) {
        onCheckpoint.accept(checkpoint);
      }
    }

    @Override
    public <T> Optional<T> lastDetails(Class<T> type) {
      return type.isInstance(previousAttempt) ? Optional.of(type.cast(previousAttempt)) : Optional.empty();
    }

    TransferCheckpoint lastCheckpoint() {
      for (int i = beats.size() - 1; i >= 0; i--) {
        if (beats.get(i) instanceof TransferCheckpoint checkpoint && checkpoint.resume() != null) {
          return checkpoint;
        }
      }
      throw new AssertionError("no checkpoint among " + beats.size() + " beats");
    }
  }
}
