package org.imagerelease.activities.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.targets.CheckpointedTransfer;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure target's upload step and its undo: a compose's VHD streamed into its page blob in
 * the upload container (created when missing), resuming from the heartbeat's checkpoint, and the
 * blob deleted again once nothing needs it. Both are idempotent.
 *
 * <p>Public for {@code image-release bench --target azure}, which measures this step alone; the
 * worker reaches it only through {@link AzureTarget}.
 */
public final class PageBlobUpload {
  /** The target name in {@link ImageAtLocation#target()} and in progress reports. */
  static final String TARGET = "azure";
  private static final Logger log = LoggerFactory.getLogger(PageBlobUpload.class);

  private final BlobContainerClient container;
  private final ImageTransfer transfer;
  private final PageUploadSettings settings;

  public PageBlobUpload(BlobContainerClient container, ImageTransfer transfer, PageUploadSettings settings) {
    this.container = container;
    this.transfer = transfer;
    this.settings = settings;
  }

  /**
   * Streams the image at {@code source} into its blob; returns the blob's URL. A retry goes on
   * from what the blob already holds, and adopts a blob that holds the whole image without
   * reading the source.
   */
  public String upload(ImageAtLocation ref, URI source, Heartbeat heartbeat) throws IOException {
    Compression compression =
        Compression.ofFormat(ref.image().format())
            .orElseThrow(
                () ->
                    new ReleaseException(
                        ReleaseFailureTypes.UNSUPPORTED_IMAGE,
                        "Image " + ref.imageName() + " has format " + ref.image().format() + ", which the Azure target cannot decode"));
    ensureContainer(ref);
    PageBlobClient blob = blob(ref);
    if (isComplete(blob, ref)) {
      log.info("Adopting blob {} of {}, which holds the whole image already", blob.getBlobName(), ref.imageName());
      return blobUrl(ref);
    }
    TransferRequest request =
        new TransferRequest(source, TARGET, ref.location(), ref.imageName(), ref.image().size(), ref.image().sha256(), compression, null);
    TransferSummary summary = CheckpointedTransfer.run(transfer, request, new PageBlobSink(blob, ref, settings), heartbeat);
    log.info(
        "{} is in blob {} of {}: {} blocks with data, {} all zero",
        ref.imageName(), blob.getBlobName(), container.getBlobContainerName(), summary.blocksWritten(), summary.blocksZero());
    return blobUrl(ref);
  }

  /**
   * The blob's URL as the gallery takes it, with the name's slashes as they are (the SDK's
   * {@code getBlobUrl} escapes them).
   */
  String blobUrl(ImageAtLocation ref) {
    StringBuilder url = new StringBuilder(container.getBlobContainerUrl());
    for (String segment : BlobNames.blobName(ref).split("/")) {
      url.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return url.toString();
  }

  /** Deletes the image's blob, with any snapshots of it; a blob already gone is deleted. */
  void delete(ImageAtLocation ref) {
    PageBlobClient blob = blob(ref);
    try {
      boolean deleted = blob.deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null).getValue();
      log.info("{} blob {} of {} in {}", deleted ? "Deleted" : "No", blob.getBlobName(), ref.imageName(), ref.location());
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Deleting blob " + blob.getBlobName() + " of " + ref.imageName() + " in " + ref.location());
    }
  }

  /** Whether the blob holds this very image whole: its footer and then its decoded hash were written. */
  boolean holdsWholeImage(ImageAtLocation ref) {
    return isComplete(blob(ref), ref);
  }

  private boolean isComplete(PageBlobClient blob, ImageAtLocation ref) {
    try {
      BlobProperties properties = blob.getProperties();
      Map<String, String> metadata = properties.getMetadata();
      return properties.getBlobType() == BlobType.PAGE_BLOB
          && ref.image().sha256().equals(metadata.get(BlobNames.SOURCE_SHA256))
          && !metadata.getOrDefault(BlobNames.DECODED_SHA256, "").isEmpty();
    } catch (BlobStorageException e) {
      if (BlobErrors.isNotFound(e)) {
        return false;
      }
      throw BlobErrors.classify(e, "Reading blob " + blob.getBlobName() + " of " + ref.imageName());
    }
  }

  PageBlobClient blob(ImageAtLocation ref) {
    return container.getBlobClient(BlobNames.blobName(ref)).getPageBlobClient();
  }

  private void ensureContainer(ImageAtLocation ref) {
    try {
      container.createIfNotExists();
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Creating container " + container.getBlobContainerName() + " for " + ref.imageName());
    }
  }
}
