package org.imagerelease.devtools.demo;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobStorageException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imagerelease.activities.azure.LocalAzure;
import org.imagerelease.localcloud.azure.arm.ArmDelays;
import org.imagerelease.localcloud.azure.arm.LocalArm;
import org.imagerelease.localcloud.azure.arm.LocalArmConfig;
import org.imagerelease.localcloud.azure.blob.LocalBlobStorage;

/**
 * The demo's Azure: the local ARM endpoint (Compute Gallery) with the demo's gallery made, as a
 * person makes it before a first release, and Azurite, or the embedded Blob service when Node or
 * Azurite are missing. Closing it stops both.
 */
final class DemoAzure implements AutoCloseable {
  /**
   * A second to create a version and a second to replicate it, long enough to watch both; the
   * rest at once. What the target awaits through the SDK (a definition made, a version promoted)
   * takes a second anyway: the endpoint asks clients to poll again after one, the least ARM says.
   */
  static final ArmDelays DELAYS =
      new ArmDelays(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200));

  private final LocalArm arm;
  private final LocalBlobStorage storage;
  private final LocalAzure endpoints;

  private DemoAzure(LocalArm arm, LocalBlobStorage storage, LocalAzure endpoints) {
    this.arm = arm;
    this.storage = storage;
    this.endpoints = endpoints;
  }

  /**
   * Starts both stand-ins, writes the ARM endpoint's certificate into {@code directory} and makes
   * the gallery {@code resourceGroup}/{@code gallery} in {@code region}.
   */
  static DemoAzure start(Path directory, String resourceGroup, String gallery, String region) {
    LocalArm arm = LocalArm.start(LocalArmConfig.defaults().withDelays(DELAYS));
    LocalBlobStorage storage = null;
    try {
      storage = LocalBlobStorage.azuriteOrEmbedded();
      Path certificate = arm.writeCertificate(directory.resolve("local-arm.pem"));
      arm.createGallery(resourceGroup, gallery, region);
      LocalAzure endpoints =
          new LocalAzure(arm.endpoint(), certificate, arm.subscriptionId(), URI.create(storage.blobEndpoint()), LocalBlobStorage.DEV_ACCOUNT_KEY);
      return new DemoAzure(arm, storage, endpoints);
    } catch (RuntimeException e) {
      if (storage != null) {
        storage.close();
      }
      arm.close();
      throw e;
    }
  }

  /** Where the Azure target is pointed. */
  LocalAzure endpoints() {
    return endpoints;
  }

  /** Which Blob storage runs, e.g. {@code Azurite 3.35.0 at http://127.0.0.1:41234}, and why not Azurite. */
  String blobStorage() {
    return storage.description();
  }

  String connectionString() {
    return storage.connectionString();
  }

  /** What the gallery and the upload container hold now. */
  AzureInventoryReport inventory(String container) {
    return AzureInventoryReport.of(arm.endpoint().toString(), storage.description(), arm.inventory(), blobsIn(container));
  }

  private List<String> blobsIn(String container) {
    BlobContainerClient uploads = new BlobServiceClientBuilder().connectionString(storage.connectionString()).buildClient().getBlobContainerClient(container);
    try {
      return uploads.listBlobs().stream().map(BlobItem::getName).toList();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() == 404) {
        // No upload ever made the container.
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      storage.close();
    } finally {
      arm.close();
    }
  }
}
