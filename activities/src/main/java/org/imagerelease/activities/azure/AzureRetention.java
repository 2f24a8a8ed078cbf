package org.imagerelease.activities.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.retention.BlobDeletion;
import org.imagerelease.activities.retention.RetentionPlan;
import org.imagerelease.activities.retention.RetentionPolicy;
import org.imagerelease.activities.retention.RetentionSettings;
import org.imagerelease.activities.retention.UploadBlob;
import org.imagerelease.activities.retention.VersionDeletion;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.retention.RetentionItem;
import org.imagerelease.workflows.retention.RetentionPlanView;

/**
 * The distribution's retention policy applied to the configured gallery and upload container:
 * reads every version and upload blob, plans with {@link RetentionPolicy}, removes item by item.
 */
final class AzureRetention {
  static final String VERSION = "gallery-version";
  static final String BLOB = "upload-blob";

  private final Gallery gallery;
  private final BlobContainerClient container;
  private final AzureConfig config;

  AzureRetention(Gallery gallery, BlobContainerClient container, AzureConfig config) {
    this.gallery = gallery;
    this.container = container;
    this.config = config;
  }

  RetentionPlanView plan(Instant now) {
    RetentionPlan plan = RetentionPolicy.plan(gallery.allVersions(), uploadBlobs(), now, RetentionSettings.defaults());
    List<RetentionItem> items = new ArrayList<>();
    for (VersionDeletion deletion : plan.versions()) {
      String why = deletion.reasons().stream().map(r -> r.name().toLowerCase(Locale.ROOT).replace('_', ' ')).collect(Collectors.joining(", "));
      items.add(new RetentionItem(AzureTarget.NAME, VERSION, deletion.version().definition(), deletion.version().name(), why));
    }
    for (BlobDeletion deletion : plan.blobs()) {
      items.add(new RetentionItem(AzureTarget.NAME, BLOB, config.container(), deletion.blob().name(), "uploaded " + deletion.age().toDays() + " days ago"));
    }
    String heading = "Azure gallery " + config.gallery().gallery() + " (resource group " + config.gallery().resourceGroup() + "), upload container "
        + config.container() + ":\n";
    return new RetentionPlanView(heading + plan.format(), items);
  }

  void remove(RetentionItem item) {
    switch (item.kind()) {
      case VERSION -> gallery.deleteVersion(item.container(), item.name(), "retention: " + item.why());
      case BLOB -> deleteBlob(item.name());
      default -> throw new ReleaseException(ReleaseFailureTypes.CONFIGURATION, "Azure retention does not know how to remove " + item);
    }
  }

  private void deleteBlob(String name) {
    try {
      container.getBlobClient(name).getPageBlobClient().deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null);
    } catch (BlobStorageException e) {
      throw BlobErrors.classify(e, "Deleting upload blob " + name);
    }
  }

  /** The page blobs image-release uploaded; none when the container does not exist yet. */
  private List<UploadBlob> uploadBlobs() {
    try {
      List<UploadBlob> blobs = new ArrayList<>();
      for (BlobItem blob : container.listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true)), null)) {
        boolean ours = blob.getMetadata() != null && BlobNames.MANAGED_BY_US.equals(blob.getMetadata().get(BlobNames.MANAGED_BY));
        if (ours && blob.getProperties() != null && blob.getProperties().getLastModified() != null) {
          blobs.add(new UploadBlob(blob.getName(), blob.getProperties().getLastModified().toInstant()));
        }
      }
      return blobs;
    } catch (BlobStorageException e) {
      if (BlobErrors.isNotFound(e)) {
        return List.of();
      }
      throw BlobErrors.classify(e, "Listing the upload blobs in " + config.container());
    }
  }
}
