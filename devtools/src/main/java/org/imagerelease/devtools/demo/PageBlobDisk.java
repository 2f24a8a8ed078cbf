package org.imagerelease.devtools.demo;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.imagerelease.activities.azure.BlobNames;

/**
 * Reads the page blob an Azure upload made back into a sparse raw disk file (its written page
 * ranges only, the VHD footer left off), so the demo's test runner tests what Blob storage holds,
 * not what was sent. The blob is found by its metadata ({@code compose_id}, {@code image_file})
 * under the compose's prefix, as the Azure target names it.
 */
final class PageBlobDisk {
  private static final long VHD_FOOTER = 512;

  private final BlobContainerClient container;

  /**
   * @param connectionString the storage account's, e.g. {@code LocalBlobStorage#connectionString()}
   * @param container the upload container the Azure target writes to
   */
  PageBlobDisk(String connectionString, String container) {
    this.container = new BlobServiceClientBuilder().connectionString(connectionString).buildClient().getBlobContainerClient(container);
  }

  /** The name of the blob holding {@code imageName} of {@code composeId}. */
  String blobOf(String composeId, String imageName) throws IOException {
    ListBlobsOptions underCompose = new ListBlobsOptions().setPrefix(composeId + "/").setDetails(new BlobListDetails().setRetrieveMetadata(true));
    for (BlobItem blob : container.listBlobs(underCompose, null)) {
      if (blob.getMetadata() != null && composeId.equals(blob.getMetadata().get(BlobNames.COMPOSE_ID)) && imageName.equals(blob.getMetadata().get(BlobNames.IMAGE_FILE))) {
        return blob.getName();
      }
    }
    throw new IOException("no blob in container " + container.getBlobContainerName() + " holds " + imageName + " of " + composeId);
  }

  /** Writes the blob's pages at their places in {@code disk}, without the footer; returns the disk's size. */
  long read(String blobName, Path disk) throws IOException {
    PageBlobClient blob = container.getBlobClient(blobName).getPageBlobClient();
    long size = blob.getProperties().getBlobSize() - VHD_FOOTER;
    try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
      file.setLength(size);
    }
    try (FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
      for (PageRange pages : blob.getPageRanges(new BlobRange(0, size)).getPageRange()) {
        long end = Math.min(pages.getEnd() + 1, size);
        if (pages.getStart() >= end) {
          continue;
        }
        out.position(pages.getStart());
        OutputStream at = Channels.newOutputStream(out);
        blob.downloadStreamWithResponse(at, new BlobRange(pages.getStart(), end - pages.getStart()), null, null, false, null, null);
        at.flush();
      }
    }
    return size;
  }
}
