package org.imagerelease.activities.azure;

import com.azure.core.http.HttpRange;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.models.PageRangeItem;
import com.azure.storage.blob.options.PageBlobCreateOptions;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.SinkNeeds;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a fixed VHD into a page blob of exactly its size: no temporary disk, no block blob
 * converted later. The footer is read and checked before the blob is created; the decoded image
 * then arrives in 4 MiB blocks, and only its non-zero 512-byte pages are sent, with Put Page
 * requests of at most 4 MiB, at most {@link PageUploadSettings#parallelism()} of them in flight
 * and no more than {@link PageUploadSettings#requestsPerSecond()} started per second. The footer
 * is written last, and the decoded image's SHA-256 goes into the blob's metadata after it: a blob
 * with that metadata holds the whole image.
 *
 * <p>It resumes. A blob left by an earlier attempt (same name, same source checksum, same size)
 * is kept: its page ranges are read, and whatever they hold is never written again, whether the
 * attempt continues from the heartbeat's checkpoint (which spares decoding nothing but spares
 * handing over the blocks it lists) or, without one, from the start of the image. A blob of
 * another image or size under the name is deleted and created anew.
 */
final class PageBlobSink implements BlockSink {
  /** Azure's largest Put Page, and the block size this sink asks the pipeline for. */
  static final int MAX_PUT_BYTES = PageBlobClient.MAX_PUT_PAGES_BYTES;

  private static final String STATE_PREFIX = "azure-page:v1:";
  private static final Logger log = LoggerFactory.getLogger(PageBlobSink.class);

  private final PageBlobClient blob;
  private final ImageAtLocation ref;
  private final PageUploadSettings settings;
  private final RequestPacer pacer;
  private final Semaphore inFlight;
  private volatile long size;
  private volatile byte[] footer;
  private volatile String uploadId;
  private volatile WrittenPages written = WrittenPages.none();

  PageBlobSink(PageBlobClient blob, ImageAtLocation ref, PageUploadSettings settings) {
    this.blob = blob;
    this.ref = ref;
    this.settings = settings;
    this.pacer = new RequestPacer(settings.requestsPerSecond());
    this.inFlight = new Semaphore(settings.parallelism());
  }

  @Override
  public SinkNeeds needs() {
    return new SinkNeeds(MAX_PUT_BYTES, false, true, settings.parallelism(), VhdFooter.SIZE, true);
  }

  @Override
  public boolean begin(ImageShape shape) throws IOException {
    size = shape.decodedSize().orElseThrow();
    // Before anything exists: an image Azure would refuse is refused here.
    VhdFooter.check(shape.tail(), size, ref.imageName());
    footer = shape.tail().clone();
    Optional<BlobProperties> existing = properties();
    if (existing.isPresent() && isOurs(existing.get())) {
      uploadId = existing.get().getMetadata().get(BlobNames.UPLOAD_ID);
      written = pageRanges();
      boolean continuing = shape.resumed() && shape.resumeState().equals(STATE_PREFIX + uploadId);
      log.info(
          "Resuming the upload of {} into blob {} in {} ({}): {} bytes already there are not written again",
          ref.imageName(), blob.getBlobName(), ref.location(), continuing ? "from its checkpoint" : "from its page ranges",
          written.bytes());
      return continuing;
    }
    if (existing.isPresent()) {
      log.warn(
          "Blob {} in {} holds another upload than {} ({} bytes, {}); replacing it",
          blob.getBlobName(), ref.location(), ref.imageName(), existing.get().getBlobSize(), existing.get().getBlobType());
      delete();
    }
    create();
    return false;
  }

  @Override
  public void accept(Block block) throws IOException {
    long offset = block.offset();
    int dataLength = block.length();
    if (offset + block.length() == size) {
      // The footer is held back until every other page is there.
      dataLength -= VhdFooter.SIZE;
      if (!Arrays.equals(block.bytes(), dataLength, block.length(), footer, 0, VhdFooter.SIZE)) {
        throw new ReleaseException(
            ReleaseFailureTypes.CORRUPT_ARCHIVE,
            "Image " + ref.imageName() + " ends with another VHD footer than the one read before its upload");
      }
    }
    for (int[] run : NonZeroPages.runs(block.bytes(), dataLength)) {
      for (long[] missing : written.missing(offset + run[0], offset + run[1])) {
        put(missing[0], block.bytes(), (int) (missing[0] - offset), (int) (missing[1] - missing[0]));
      }
    }
  }

  @Override
  public String checkpoint() {
    // Every accepted page is durable once its Put Page answered: the blob itself is the state.
    return STATE_PREFIX + uploadId;
  }

  @Override
  public void complete(TransferSummary summary) throws IOException {
    if (summary.decodedSize() != size) {
      throw new IllegalStateException("Image " + ref.imageName() + " decoded to " + summary.decodedSize() + " bytes, not " + size);
    }
    long footerOffset = size - VhdFooter.SIZE;
    if (!written.missing(footerOffset, size).isEmpty()) {
      put(footerOffset, footer, 0, VhdFooter.SIZE);
    }
    Map<String, String> metadata = new HashMap<>(BlobNames.metadata(ref, uploadId));
    metadata.put(BlobNames.DECODED_SHA256, summary.decodedSha256());
    try {
      blob.setMetadata(metadata);
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Setting the metadata of blob " + blob.getBlobName() + " in " + ref.location());
    }
    log.info(
        "Uploaded {} into blob {} in {}: {} bytes, decoded SHA-256 {}",
        ref.imageName(), blob.getBlobName(), ref.location(), size, summary.decodedSha256());
  }

  /** One Put Page of {@code length} bytes of {@code bytes} at {@code from}, to the blob at {@code blobOffset}. */
  private void put(long blobOffset, byte[] bytes, int from, int length) throws IOException {
    for (int done = 0; done < length; done += MAX_PUT_BYTES) {
      int part = Math.min(MAX_PUT_BYTES, length - done);
      PageRange range = new PageRange().setStart(blobOffset + done).setEnd(blobOffset + done + part - 1);
      acquire();
      try {
        pacer.awaitTurn();
        blob.uploadPagesWithResponse(range, new ByteArrayInputStream(bytes, from + done, part), null, null, null, Context.NONE);
      } catch (BlobStorageException e) {
        throw BlobErrors.classify(
            e, "Writing bytes " + range.getStart() + "-" + range.getEnd() + " of " + ref.imageName() + " into blob " + blob.getBlobName());
      } finally {
        inFlight.release();
      }
    }
  }

  private void acquire() throws InterruptedIOException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to write a page of " + ref.imageName());
    }
  }

  /** An earlier upload of this very image: same source checksum, same size, a page blob. */
  private boolean isOurs(BlobProperties properties) {
    Map<String, String> metadata = properties.getMetadata();
    return properties.getBlobType() == BlobType.PAGE_BLOB
        && properties.getBlobSize() == size
        && metadata.get(BlobNames.UPLOAD_ID) != null
        && ref.image().sha256().equals(metadata.get(BlobNames.SOURCE_SHA256));
  }

  private Optional<BlobProperties> properties() {
    try {
      return Optional.of(blob.getProperties());
    } catch (BlobStorageException e) {
      if (BlobErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw BlobErrors.classify(e, "Reading blob " + blob.getBlobName() + " in " + ref.location());
    }
  }

  private WrittenPages pageRanges() {
    WrittenPages pages = new WrittenPages();
    try {
      // A null range throws in 12.37.2; offset 0 means the whole blob.
      for (PageRangeItem item : blob.listPageRanges(new BlobRange(0))) {
        if (!item.isClear()) {
          HttpRange range = item.getRange();
          pages.add(range.getOffset(), range.getOffset() + range.getLength());
        }
      }
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Listing the pages of blob " + blob.getBlobName() + " in " + ref.location());
    }
    return pages;
  }

  private void create() {
    uploadId = UUID.randomUUID().toString();
    written = WrittenPages.none();
    try {
      blob.createWithResponse(
          new PageBlobCreateOptions(size)
              .setMetadata(BlobNames.metadata(ref, uploadId))
              // Two attempts racing: the second fails here and its retry adopts the first's blob.
              .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
          null,
          Context.NONE);
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Creating blob " + blob.getBlobName() + " of " + size + " bytes in " + ref.location());
    }
    log.info("Created page blob {} of {} bytes for {} in {}", blob.getBlobName(), size, ref.imageName(), ref.location());
  }

  private void delete() {
    try {
      blob.deleteIfExists();
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Deleting blob " + blob.getBlobName() + " in " + ref.location());
    }
  }
}
