package org.imagerelease.activities.azure;

import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.models.RegionalReplicationStatus;
import com.azure.resourcemanager.compute.models.ReplicationState;
import com.azure.resourcemanager.compute.models.TargetRegion;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.events.PublishedImageAttributes;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.targets.RetainingTarget;
import org.imagerelease.workflows.retention.RetentionItem;
import org.imagerelease.workflows.retention.RetentionPlanView;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases {@code vhd-compressed} images to a Compute Gallery: the VHD streams into a page blob
 * (no temporary disk, resumable), a version is created from it in the primary region only and
 * excluded from "latest", tested there through the gate, replicated to every other region by one
 * update once the gate opened, and promoted to "latest" once replication finished. Long waits (a
 * version being created, a replication) come back to the release as pending images it looks at
 * again on a timer.
 *
 * <p>Names derive from the compose and the image ({@link GalleryNames}, {@link BlobNames}), so a
 * retry adopts what an earlier attempt made and an undo finds it; a version another compose made
 * under the same name is never adopted nor deleted.
 */
public final class AzureTarget implements ReleaseTarget, RetainingTarget {
  /** The target name in configuration and in {@link ImageAtLocation#target()}. */
  public static final String NAME = PageBlobUpload.TARGET;

  /** How often a version whose creation failed is made again from its blob before the release gives up. */
  static final int RECREATIONS = 2;
  static final String RECREATED = "recreated";
  private static final Logger log = LoggerFactory.getLogger(AzureTarget.class);

  private final AzureConfig config;
  private final Gallery gallery;
  private final PageBlobUpload uploads;
  private final AzureClients clients;
  private final AzureRetention retention;

  AzureTarget(AzureConfig config, AzureClients clients, ImageTransfer transfer) {
    this(config, clients, transfer, Clock.systemUTC());
  }

  AzureTarget(AzureConfig config, AzureClients clients, ImageTransfer transfer, Clock clock) {
    this.config = config;
    this.clients = clients;
    this.gallery = new Gallery(clients.compute(), config, clients.subscriptionId(), clock);
    this.uploads = new PageBlobUpload(clients.container(), transfer, config.upload());
    this.retention = new AzureRetention(gallery, clients.container(), config);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Checks the gallery and the image's definition (creating it when missing), uploads the VHD
   * into its blob and starts creating the version in the primary region; adopts the version an
   * earlier attempt started, and makes again one that Azure failed.
   */
  @Override
  public LocationImage upload(ImageAtLocation destination, URI source, Heartbeat heartbeat) throws IOException {
    refuseUnreleasable(destination);
    gallery.verify(destination);
    Optional<GalleryImageVersionInner> existing = gallery.version(destination).map(v -> ours(destination, v));
    if (existing.isPresent() && Gallery.state(existing.get()).equalsIgnoreCase("Deleting")) {
      throw new IllegalStateException("Version " + existing.get().name() + " of " + definition(destination) + " is being deleted; trying again once it is gone");
    }
    if (existing.isPresent() && !Gallery.isFailed(existing.get())) {
      log.info("Adopting version {} of {} for {}", existing.get().name(), definition(destination), destination.imageName());
      return asLocationImage(destination, existing.get(), Map.of());
    }
    if (existing.isPresent()) {
      log.warn("Version {} of {} for {} is Failed: deleting it and creating it again", existing.get().name(), definition(destination), destination.imageName());
      gallery.deleteVersion(destination);
    }
    gallery.ensureDefinition(destination);
    String blobUrl = uploads.upload(destination, source, heartbeat);
    gallery.startVersion(destination, blobUrl);
    return pending(destination, Map.of(), "version " + GalleryNames.version(destination) + " being created in " + config.primaryRegion());
  }

  /**
   * Replicates the version to the destination's region: the first region to ask adds every
   * configured region in one update, the others find theirs there and wait for it.
   */
  @Override
  public LocationImage replicate(LocationImage source, ImageAtLocation destination, Heartbeat heartbeat) {
    GalleryImageVersionInner version = ours(destination, gallery.version(destination).orElseThrow(() -> gone(destination)));
    if (regionOf(version, destination.location()).isEmpty()) {
      return askedToReplicate(destination, version, Map.of());
    }
    return pending(destination, Map.of(), "version " + version.name() + " replicating to " + destination.location());
  }

  /** Asks for the region's replica, once no other operation on the version is under way. */
  private LocationImage askedToReplicate(ImageAtLocation ref, GalleryImageVersionInner version, Map<String, String> known) {
    if (Gallery.isBusy(version)) {
      return pending(ref, known, "waiting for the operation under way on version " + version.name());
    }
    gallery.startReplication(ref, version);
    return pending(ref, known, "version " + version.name() + " replicating to " + ref.location());
  }

  /**
   * Looks again at a version being created (primary region) or replicated (any other), and
   * carries on what a killed or timed-out step left half done: a version deleted to be made
   * again is made again; a region not yet asked for is asked for.
   */
  @Override
  public LocationImage check(LocationImage image) {
    ImageAtLocation ref = image.ref();
    Optional<GalleryImageVersionInner> found = gallery.version(ref).map(v -> ours(ref, v));
    if (config.isPrimary(ref.location())) {
      if (found.isEmpty() || Gallery.state(found.get()).equalsIgnoreCase("Deleting")) {
        return madeAgainFromItsBlob(image, found.isEmpty());
      }
      if (Gallery.isFailed(found.get())) {
        return createdAgain(image, found.get());
      }
      return asLocationImage(ref, found.get(), image.attributes());
    }
    GalleryImageVersionInner version = found.orElseThrow(() -> gone(ref));
    if (regionOf(version, ref.location()).isEmpty()) {
      return askedToReplicate(ref, version, image.attributes());
    }
    return asLocationImage(ref, version, image.attributes());
  }

  /**
   * Promotes the version to "latest" at the primary region, once: the gate passed and every
   * region finished replicating before the release publishes. Other regions only confirm theirs.
   */
  @Override
  public LocationImage publish(LocationImage image) {
    ImageAtLocation ref = image.ref();
    GalleryImageVersionInner version = ours(ref, gallery.version(ref).orElseThrow(() -> gone(ref)));
    if (config.isPrimary(ref.location())) {
      if (!Boolean.FALSE.equals(version.publishingProfile().excludeFromLatest())) {
        gallery.excludeFromLatest(ref, version, false);
      }
      log.info("Version {} of {} is latest for {} of {}", version.name(), definition(ref), ref.imageName(), ref.composeId());
    } else if (replicationIn(version, ref.location()) != ReplicationState.COMPLETED) {
      throw new IllegalStateException("Version " + version.name() + " is not replicated to " + ref.location() + " yet");
    }
    return withPublicAttributes(image);
  }

  /** Excludes the version from "latest" again; only the primary region's undo does it. */
  @Override
  public void unpublish(ImageAtLocation ref) {
    if (!config.isPrimary(ref.location())) {
      return;
    }
    Optional<GalleryImageVersionInner> version = gallery.version(ref).filter(v -> isOurs(ref, v));
    if (version.isPresent() && Boolean.FALSE.equals(version.get().publishingProfile().excludeFromLatest())) {
      gallery.excludeFromLatest(ref, version.get(), true);
    }
  }

  /**
   * At the primary region, deletes the version, the definition when this release created it and
   * it is empty, and the blob; at another region, removes that region from the version's replicas.
   */
  @Override
  public void withdraw(ImageAtLocation ref) {
    Optional<GalleryImageVersionInner> version = gallery.version(ref);
    if (version.isPresent() && !isOurs(ref, version.get())) {
      log.warn("Not withdrawing version {} of {}: compose {} made it, not {}", version.get().name(), definition(ref),
          Gallery.tags(version.get()).get(GalleryNames.COMPOSE_ID), ref.composeId());
      return;
    }
    if (!config.isPrimary(ref.location())) {
      if (version.isPresent() && regionOf(version.get(), ref.location()).isPresent()) {
        gallery.removeRegion(ref, version.get(), ref.location());
      }
      return;
    }
    if (version.isPresent()) {
      gallery.deleteVersion(ref);
    }
    gallery.deleteDefinitionIfOursAndEmpty(ref);
    uploads.delete(ref);
    log.info("Withdrew {} from gallery {} in {}", ref.imageName(), config.gallery().gallery(), ref.location());
  }

  /**
   * Deletes the release's upload blobs: once a release ended, its versions no longer need them
   * (a version holds its own copy of the image).
   */
  @Override
  public void cleanUp(CleanupRequest request) {
    String prefix = request.composeId() + "/";
    List<GalleryImageVersionInner> versions = gallery.versionsOfCompose(request.composeId());
    try {
      for (BlobItem blob : clients.container().listBlobs(new ListBlobsOptions().setPrefix(prefix).setDetails(new BlobListDetails().setRetrieveMetadata(true)), null)) {
        Map<String, String> metadata = blob.getMetadata() == null ? Map.of() : blob.getMetadata();
        if (!BlobNames.MANAGED_BY_US.equals(metadata.get(BlobNames.MANAGED_BY)) || !request.composeId().equals(metadata.get(BlobNames.COMPOSE_ID))) {
          continue;
        }
        // A version still being made (a step left running, a later run of the compose) still reads it; retention deletes it later.
        boolean stillRead = versions.stream().anyMatch(v -> metadata.get(BlobNames.IMAGE_FILE) != null
            && metadata.get(BlobNames.IMAGE_FILE).equals(Gallery.tags(v).get(GalleryNames.IMAGE_FILE)) && !Gallery.state(v).equalsIgnoreCase("Succeeded"));
        if (stillRead) {
          log.info("Keeping upload blob {} of release {}: its version is still being made", blob.getName(), request.releaseId());
          continue;
        }
        clients.container().getBlobClient(blob.getName()).getPageBlobClient().deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, null);
        log.info("Deleted upload blob {} of release {}", blob.getName(), request.releaseId());
      }
    } catch (BlobStorageException e) {
      if (!BlobErrors.isNotFound(e)) {
        throw BlobErrors.classify(e, "Deleting the upload blobs of " + request.composeId());
      }
    }
  }

  /** The distribution's retention policy on the gallery and the upload container. */
  @Override
  public RetentionPlanView planRetention(Instant now) {
    return retention.plan(now);
  }

  @Override
  public void removeRetained(RetentionItem item) {
    retention.remove(item);
  }

  /**
   * The version a step deleted to make it again is still being deleted (wait), or gone: a step
   * killed between deleting and creating it left it so; it is created again from the blob.
   */
  private LocationImage madeAgainFromItsBlob(LocationImage image, boolean gone) {
    ImageAtLocation ref = image.ref();
    if (!gone) {
      return pending(ref, image.attributes(), "version " + GalleryNames.version(ref) + " being deleted before it is made again");
    }
    requireBlob(ref, "is gone");
    gallery.startVersion(ref, uploads.blobUrl(ref));
    return pending(ref, image.attributes(), "version " + GalleryNames.version(ref) + " being created again");
  }

  /** Fails the release clearly when the blob a version is made from is no longer whole. */
  private void requireBlob(ImageAtLocation ref, String what) {
    if (!uploads.holdsWholeImage(ref)) {
      throw new ReleaseException(
          ReleaseFailureTypes.CLOUD_OPERATION_FAILED,
          "Version " + GalleryNames.version(ref) + " of " + definition(ref) + " " + what + ", and the upload blob it is made from is gone"
              + " (an earlier release's clean-up or retention deleted it): start the release again to upload it anew");
    }
  }

  private LocationImage createdAgain(LocationImage image, GalleryImageVersionInner failed) {
    ImageAtLocation ref = image.ref();
    requireBlob(ref, "failed");
    int recreated = Integer.parseInt(image.attributes().getOrDefault(RECREATED, "0"));
    if (recreated >= RECREATIONS) {
      throw new ReleaseException(
          ReleaseFailureTypes.CLOUD_OPERATION_FAILED,
          "Version " + failed.name() + " of " + definition(ref) + " for " + ref.imageName() + " failed in " + ref.location() + " " + (recreated + 1)
              + " times; Azure's activity log for the gallery says why");
    }
    log.warn("Version {} of {} for {} failed: creating it again from its blob", failed.name(), definition(ref), ref.imageName());
    gallery.deleteVersion(ref);
    gallery.startVersion(ref, uploads.blobUrl(ref));
    return pending(ref, Map.of(RECREATED, Integer.toString(recreated + 1)), "version " + failed.name() + " being created again after Azure failed it");
  }

  private LocationImage asLocationImage(ImageAtLocation ref, GalleryImageVersionInner version, Map<String, String> known) {
    Map<String, String> attributes = new HashMap<>(known);
    attributes.putAll(names(ref));
    LocationImage image = new LocationImage(ref, version.id(), "", attributes);
    ReplicationState state = replicationIn(version, ref.location());
    if (state == ReplicationState.COMPLETED && (!config.isPrimary(ref.location()) || Gallery.state(version).equalsIgnoreCase("Succeeded"))) {
      return image;
    }
    if (state == ReplicationState.FAILED) {
      String details = regionOf(version, ref.location()).map(RegionalReplicationStatus::details).orElse("");
      throw new ReleaseException(
          ReleaseFailureTypes.CLOUD_OPERATION_FAILED,
          "Version " + version.name() + " of " + definition(ref) + " failed to replicate to " + ref.location() + (details == null || details.isBlank() ? "" : ": " + details));
    }
    String progress = regionOf(version, ref.location()).map(RegionalReplicationStatus::progress).map(p -> " (" + p + "%)").orElse("");
    String what = config.isPrimary(ref.location()) ? "being created in " : "replicating to ";
    return image.stillPending("version " + version.name() + " " + what + ref.location() + progress, config.pollInterval());
  }

  private LocationImage pending(ImageAtLocation ref, Map<String, String> known, String what) {
    Map<String, String> attributes = new HashMap<>(known);
    attributes.putAll(names(ref));
    return new LocationImage(ref, "", "", attributes).stillPending(what, config.pollInterval());
  }

  private LocationImage withPublicAttributes(LocationImage image) {
    Map<String, String> attributes = new HashMap<>(image.attributes());
    gallery.communityId(image.ref()).ifPresent(id -> attributes.put(PublishedImageAttributes.COMMUNITY_RESOURCE_ID, id));
    return new LocationImage(image.ref(), image.resourceId(), image.url(), attributes);
  }

  private Map<String, String> names(ImageAtLocation ref) {
    return Map.of(PublishedImageAttributes.IMAGE_DEFINITION, definition(ref), PublishedImageAttributes.IMAGE_VERSION, GalleryNames.version(ref));
  }

  private String definition(ImageAtLocation ref) {
    return GalleryNames.definitionName(config.gallery(), ref);
  }

  /** The version, when this compose made it; else a configuration failure naming who did. */
  private GalleryImageVersionInner ours(ImageAtLocation ref, GalleryImageVersionInner version) {
    if (!isOurs(ref, version)) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "Version " + version.name() + " of " + definition(ref) + " exists already for compose " + Gallery.tags(version).getOrDefault(GalleryNames.COMPOSE_ID, "(untagged)")
              + ", not " + ref.composeId() + ": two composes name the same version; delete one or change consumer_config.azure.definition.name");
    }
    return version;
  }

  private static boolean isOurs(ImageAtLocation ref, GalleryImageVersionInner version) {
    return ref.composeId().equals(Gallery.tags(version).get(GalleryNames.COMPOSE_ID));
  }

  private static Optional<RegionalReplicationStatus> regionOf(GalleryImageVersionInner version, String region) {
    if (version.replicationStatus() == null || version.replicationStatus().summary() == null) {
      List<TargetRegion> targets = version.publishingProfile() == null || version.publishingProfile().targetRegions() == null
          ? List.of() : version.publishingProfile().targetRegions();
      return targets.stream().filter(t -> AzureConfig.sameRegion(t.name(), region)).findFirst().map(t -> new RegionalReplicationStatus());
    }
    return version.replicationStatus().summary().stream().filter(s -> s.region() != null && AzureConfig.sameRegion(s.region(), region)).findFirst();
  }

  private static ReplicationState replicationIn(GalleryImageVersionInner version, String region) {
    return regionOf(version, region).map(RegionalReplicationStatus::state).orElse(ReplicationState.UNKNOWN);
  }

  private void refuseUnreleasable(ImageAtLocation ref) {
    AzureModule.whyUnreleasable(ref.composeId(), ref.image()).ifPresent(why -> {
      throw new ReleaseException(ReleaseFailureTypes.UNSUPPORTED_IMAGE, why);
    });
  }

  private static ReleaseException gone(ImageAtLocation ref) {
    return new ReleaseException(
        ReleaseFailureTypes.COMPOSE_NOT_FOUND, "The gallery version of " + ref.imageName() + " of " + ref.composeId() + " is gone");
  }
}
