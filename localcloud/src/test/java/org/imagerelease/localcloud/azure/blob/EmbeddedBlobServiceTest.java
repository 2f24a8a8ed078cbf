package org.imagerelease.localcloud.azure.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpRange;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlobType;
import com.azure.storage.blob.models.PageRange;
import com.azure.storage.blob.models.PageRangeItem;
import com.azure.storage.blob.options.PageBlobCreateOptions;
import com.azure.storage.blob.specialized.PageBlobClient;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded Blob service driven by the real Azure Blob client, as the page-blob upload uses it. */
class EmbeddedBlobServiceTest {
  private static final int MIB = 1 << 20;
  private static LocalBlobStorage storage;
  private static BlobContainerClient container;

  @BeforeAll
  static void start() {
    storage = LocalBlobStorage.embedded();
    System.out.println("Blob storage: " + storage.description());
    container = new BlobServiceClientBuilder().connectionString(storage.connectionString()).buildClient().getBlobContainerClient("vhds");
    assertThat(container.createIfNotExists()).isTrue();
    assertThat(container.createIfNotExists()).isFalse();
  }

  @AfterAll
  static void stop() {
    storage.close();
  }

  @Test
  void pageBlobKeepsWrittenPagesListsThemAndReadsTheRestAsZero() {
    PageBlobClient blob = container.getBlobClient("compose/disk.vhd").getPageBlobClient();
    blob.createWithResponse(new PageBlobCreateOptions(8L * MIB).setMetadata(Map.of("compose_id", "Fedora-41")), null, null);
    byte[] ones = filled(MIB, 1);
    blob.uploadPages(new PageRange().setStart(0).setEnd(MIB - 1), new ByteArrayInputStream(ones));
    blob.uploadPages(new PageRange().setStart(3L * MIB).setEnd(3L * MIB + 511), new ByteArrayInputStream(filled(512, 2)));
    blob.uploadPages(new PageRange().setStart(3L * MIB + 512).setEnd(3L * MIB + 1023), new ByteArrayInputStream(filled(512, 3)));
    blob.clearPages(new PageRange().setStart(MIB - 512).setEnd(MIB - 1));

    List<PageRangeItem> ranges = StreamSupport.stream(blob.listPageRanges(new BlobRange(0)).spliterator(), false).toList();
    assertThat(ranges).extracting(PageRangeItem::getRange)
        .containsExactly(new HttpRange(0, (long) MIB - 512), new HttpRange(3L * MIB, 1024L));

    var properties = blob.getProperties();
    assertThat(properties.getBlobType()).isEqualTo(BlobType.PAGE_BLOB);
    assertThat(properties.getBlobSize()).isEqualTo(8L * MIB);
    assertThat(properties.getMetadata()).containsEntry("compose_id", "Fedora-41");

    byte[] read = blob.downloadContent().toBytes();
    assertThat(read).hasSize(8 * MIB);
    assertThat(Arrays.copyOfRange(read, 0, MIB - 512)).isEqualTo(Arrays.copyOf(ones, MIB - 512));
    assertThat(Arrays.copyOfRange(read, MIB - 512, 3 * MIB)).containsOnly(0);
    assertThat(read[3 * MIB]).isEqualTo((byte) 2);
    assertThat(read[3 * MIB + 512]).isEqualTo((byte) 3);

    blob.setMetadata(Map.of("decoded_sha256", "abc"));
    assertThat(blob.getProperties().getMetadata()).isEqualTo(Map.of("decoded_sha256", "abc"));
    assertThat(blob.deleteIfExists()).isTrue();
    assertThat(blob.deleteIfExists()).isFalse();
    assertThat(blob.exists()).isFalse();
  }

  @Test
  void refusesWhatAzureRefuses() {
    PageBlobClient blob = container.getBlobClient("compose/limits.vhd").getPageBlobClient();
    blob.create(16L * MIB);

    assertThatThrownBy(() -> blob.uploadPages(new PageRange().setStart(0).setEnd(4L * MIB + 511), new ByteArrayInputStream(new byte[4 * MIB + 512])))
        .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(413));
    assertThatThrownBy(() -> blob.uploadPages(new PageRange().setStart(16L * MIB).setEnd(16L * MIB + 511), new ByteArrayInputStream(new byte[512])))
        .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(416));
    assertThatThrownBy(() -> blob.create(16L * MIB, false))
        .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(409));
    assertThatThrownBy(() -> container.getBlobClient("compose/missing.vhd").getPageBlobClient().getProperties())
        .isInstanceOfSatisfying(BlobStorageException.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  @Test
  void listsBlobsWithTheirMetadata() {
    PageBlobClient blob = container.getBlobClient("listed/one.vhd").getPageBlobClient();
    blob.createWithResponse(new PageBlobCreateOptions(MIB).setMetadata(Map.of("image_file", "one.vhd.xz")), null, null);

    var listed =
        container.listBlobs(new com.azure.storage.blob.models.ListBlobsOptions().setPrefix("listed/")
            .setDetails(new com.azure.storage.blob.models.BlobListDetails().setRetrieveMetadata(true)), null).stream().toList();

    assertThat(listed).singleElement().satisfies(item -> {
      assertThat(item.getName()).isEqualTo("listed/one.vhd");
      assertThat(item.getProperties().getContentLength()).isEqualTo((long) MIB);
      assertThat(item.getMetadata()).containsEntry("image_file", "one.vhd.xz");
    });
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
