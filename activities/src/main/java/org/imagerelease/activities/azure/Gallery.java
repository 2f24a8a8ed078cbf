package org.imagerelease.activities.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryImageVersionInner;
import com.azure.resourcemanager.compute.fluent.models.GalleryInner;
import com.azure.resourcemanager.compute.models.Architecture;
import com.azure.resourcemanager.compute.models.GalleryDiskImageSource;
import com.azure.resourcemanager.compute.models.GalleryImageFeature;
import com.azure.resourcemanager.compute.models.GalleryImageIdentifier;
import com.azure.resourcemanager.compute.models.GalleryImageVersionPublishingProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionStorageProfile;
import com.azure.resourcemanager.compute.models.GalleryImageVersionUpdate;
import com.azure.resourcemanager.compute.models.GalleryOSDiskImage;
import com.azure.resourcemanager.compute.models.HostCaching;
import com.azure.resourcemanager.compute.models.HyperVGeneration;
import com.azure.resourcemanager.compute.models.OperatingSystemStateTypes;
import com.azure.resourcemanager.compute.models.OperatingSystemTypes;
import com.azure.resourcemanager.compute.models.ReplicationStatusTypes;
import com.azure.resourcemanager.compute.models.StorageAccountType;
import com.azure.resourcemanager.compute.models.TargetRegion;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.retention.GalleryVersion;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured Compute Gallery, as a release uses it: its image definitions and versions,
 * through the generated Compute client. Long operations are started here and looked at again
 * by the release ({@link #version}); those an undo or a promotion must see finished are waited
 * for, at most {@link #LONGEST_WAIT}, after which the step fails plainly and its retry waits on.
 */
final class Gallery {
  /** Shorter than a short cloud call's timeout (10 minutes), so the step fails itself, with a reason. */
  static final Duration LONGEST_WAIT = Duration.ofMinutes(8);
  private static final Logger log = LoggerFactory.getLogger(Gallery.class);

  private final ComputeManagementClient compute;
  private final AzureConfig config;
  private final GallerySettings settings;
  private final String subscriptionId;
  private final Clock clock;

  Gallery(ComputeManagementClient compute, AzureConfig config, String subscriptionId, Clock clock) {
    this.compute = compute;
    this.config = config;
    this.settings = config.gallery();
    this.subscriptionId = subscriptionId;
    this.clock = clock;
  }

  /**
   * Checks that the gallery exists, in the primary region: a version is created where its
   * gallery is. A wrong name or region fails at once, before anything is uploaded.
   */
  void verify(ImageAtLocation ref) {
    GalleryInner gallery;
    try {
      gallery = compute.getGalleries().getByResourceGroup(settings.resourceGroup(), settings.gallery());
    } catch (ManagementException e) {
      if (ArmErrors.isNotFound(e)) {
        throw new ReleaseException(
            ReleaseFailureTypes.CONFIGURATION,
            "Compute Gallery " + settings.gallery() + " does not exist in resource group " + settings.resourceGroup() + " of subscription "
                + subscriptionId + " (consumer_config.azure.gallery, resource_group); create it, or name the right one");
      }
      throw ArmErrors.classify(e, "Reading gallery " + settings.gallery() + " for " + ref.imageName());
    }
    if (!AzureConfig.sameRegion(gallery.location(), config.primaryRegion())) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "Compute Gallery " + settings.gallery() + " is in " + gallery.location() + ", but consumer_config.azure.primary_region is "
              + config.primaryRegion() + ": versions are created in their gallery's region, so make that the primary region");
    }
  }

  /**
   * The image's definition, created when missing (tagged with the release, which alone may delete
   * it again). An existing one must describe the image the same way.
   */
  GalleryImageInner ensureDefinition(ImageAtLocation ref) {
    String name = GalleryNames.definitionName(settings, ref);
    String arch = GalleryNames.azureArch(ref.image().arch()).orElseThrow();
    Optional<GalleryImageInner> existing = definition(name, ref);
    if (existing.isPresent()) {
      GalleryImageInner definition = existing.get();
      if (definition.architecture() != null && !definition.architecture().toString().equalsIgnoreCase(arch)
          || definition.hyperVGeneration() != null && definition.hyperVGeneration() != HyperVGeneration.V2) {
        throw new ReleaseException(
            ReleaseFailureTypes.CONFIGURATION,
            "Image definition " + name + " in gallery " + settings.gallery() + " is for " + definition.architecture() + ", Hyper-V "
                + definition.hyperVGeneration() + "; " + ref.imageName() + " needs " + arch + ", V2 (consumer_config.azure.definition.name)");
      }
      return definition;
    }
    GalleryImageInner wanted =
        new GalleryImageInner()
            .withLocation(config.primaryRegion())
            .withTags(GalleryNames.definitionTags(ref))
            .withOsType(OperatingSystemTypes.LINUX)
            .withOsState(OperatingSystemStateTypes.GENERALIZED)
            .withHyperVGeneration(HyperVGeneration.V2)
            .withArchitecture(Architecture.fromString(arch))
            .withIdentifier(
                new GalleryImageIdentifier()
                    .withPublisher(settings.publisher())
                    .withOffer(settings.offer())
                    .withSku(GalleryNames.sku(settings, ref)))
            .withFeatures(settings.features().entrySet().stream().map(f -> new GalleryImageFeature().withName(f.getKey()).withValue(f.getValue())).toList());
    String doing = "Creating image definition " + name + " in gallery " + settings.gallery() + " for " + ref.imageName();
    call(doing, () -> await(compute.getGalleryImages().beginCreateOrUpdate(settings.resourceGroup(), settings.gallery(), name, wanted), doing));
    GalleryImageInner created = definition(name, ref).orElseThrow(() -> new IllegalStateException(doing + ": it is not there afterwards"));
    failIfFailed(created.provisioningState() == null ? "" : created.provisioningState().toString(), doing);
    log.info("Created image definition {} in gallery {} for {} of {}", name, settings.gallery(), ref.imageName(), ref.composeId());
    return created;
  }

  /** The image's version with its replication status per region, when it exists. */
  Optional<GalleryImageVersionInner> version(ImageAtLocation ref) {
    String definition = GalleryNames.definitionName(settings, ref);
    String version = GalleryNames.version(ref);
    try {
      return Optional.of(
          compute
              .getGalleryImageVersions()
              .getWithResponse(settings.resourceGroup(), settings.gallery(), definition, version, ReplicationStatusTypes.REPLICATION_STATUS, Context.NONE)
              .getValue());
    } catch (ManagementException e) {
      if (ArmErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw ArmErrors.classify(e, "Reading version " + version + " of " + definition + " for " + ref.imageName());
    }
  }

  /**
   * Starts creating the image's version from its blob in the primary region only, excluded from
   * "latest" until it is promoted; does not wait for it.
   */
  void startVersion(ImageAtLocation ref, String blobUrl) {
    String definition = GalleryNames.definitionName(settings, ref);
    String version = GalleryNames.version(ref);
    Duration lifetime = GalleryNames.isRawhide(ref.composeId()) ? settings.rawhideEndOfLife() : settings.endOfLife();
    GalleryImageVersionInner wanted =
        new GalleryImageVersionInner()
            .withLocation(config.primaryRegion())
            .withTags(GalleryNames.versionTags(ref))
            .withStorageProfile(
                new GalleryImageVersionStorageProfile()
                    .withOsDiskImage(
                        new GalleryOSDiskImage()
                            .withHostCaching(HostCaching.READ_ONLY)
                            .withSource(new GalleryDiskImageSource().withUri(blobUrl).withStorageAccountId(storageAccountId()))))
            .withPublishingProfile(
                new GalleryImageVersionPublishingProfile()
                    .withTargetRegions(List.of(targetRegion(config.primaryRegion())))
                    .withReplicaCount(settings.replicaCount())
                    .withExcludeFromLatest(true)
                    .withEndOfLifeDate(OffsetDateTime.now(clock).plus(lifetime).withOffsetSameInstant(ZoneOffset.UTC))
                    .withStorageAccountType(StorageAccountType.fromString(settings.storageAccountType())));
    String doing = "Creating version " + version + " of " + definition + " from blob for " + ref.imageName();
    call(doing, () -> compute.getGalleryImageVersions().beginCreateOrUpdate(settings.resourceGroup(), settings.gallery(), definition, version, wanted));
    log.info("Creating version {} of {} in {} for {} of {}", version, definition, config.primaryRegion(), ref.imageName(), ref.composeId());
  }

  /**
   * Starts the update that replicates the version to {@code ref}'s region; does not wait for it.
   * The first one, while the version is in its primary region only, adds every configured region
   * at once; a later one adds its own region to those there, so that it never brings back a
   * region the release dropped.
   */
  void startReplication(ImageAtLocation ref, GalleryImageVersionInner current) {
    List<String> names = new ArrayList<>(regionNames(current));
    boolean first = names.size() == 1 && AzureConfig.sameRegion(names.get(0), config.primaryRegion());
    for (String region : first ? config.allRegions() : List.of(ref.location())) {
      if (names.stream().noneMatch(name -> AzureConfig.sameRegion(name, region))) {
        names.add(region);
      }
    }
    List<TargetRegion> regions = names.stream().map(this::targetRegion).toList();
    String doing = "Replicating version " + current.name() + " to " + names;
    call(doing, () -> compute.getGalleryImageVersions().beginUpdate(
        settings.resourceGroup(), settings.gallery(), GalleryNames.definitionName(settings, ref), current.name(),
        new GalleryImageVersionUpdate()
            .withStorageProfile(current.storageProfile())
            .withPublishingProfile(new GalleryImageVersionPublishingProfile().withTargetRegions(regions))));
    log.info("Replicating version {} of {} to {} for {} of {}", current.name(), GalleryNames.definitionName(settings, ref), names, ref.imageName(), ref.composeId());
  }

  /** The regions the version is published to, as it names them. */
  static List<String> regionNames(GalleryImageVersionInner version) {
    if (version.publishingProfile() == null || version.publishingProfile().targetRegions() == null) {
      return List.of();
    }
    return version.publishingProfile().targetRegions().stream().map(TargetRegion::name).toList();
  }

  /** Drops one region from the version's replicas, and waits for it. */
  void removeRegion(ImageAtLocation ref, GalleryImageVersionInner current, String region) {
    List<TargetRegion> remaining =
        current.publishingProfile().targetRegions().stream().filter(r -> !AzureConfig.sameRegion(r.name(), region)).toList();
    String doing = "Removing " + region + " from version " + current.name() + " of " + ref.imageName();
    GalleryImageVersionInner after = update(ref, current, new GalleryImageVersionPublishingProfile().withTargetRegions(remaining), doing);
    if (regionNames(after).stream().anyMatch(name -> AzureConfig.sameRegion(name, region))) {
      // Another update, begun before this one, put it back: the step's retry removes it again.
      throw new IllegalStateException(doing + ": the version lists " + region + " again");
    }
  }

  /** Sets whether VMs asking for "latest" get this version, and waits for it. */
  void excludeFromLatest(ImageAtLocation ref, GalleryImageVersionInner current, boolean exclude) {
    String doing = (exclude ? "Excluding version " : "Promoting version ") + current.name() + " of " + ref.imageName() + (exclude ? " from latest" : " to latest");
    GalleryImageVersionInner after = update(ref, current, new GalleryImageVersionPublishingProfile().withExcludeFromLatest(exclude), doing);
    // The version's state may stay Failed for a region the release dropped; the flag is what counts.
    if (after.publishingProfile() == null || !Boolean.valueOf(exclude).equals(after.publishingProfile().excludeFromLatest())) {
      throw new IllegalStateException(doing + ": the version does not read back excludeFromLatest=" + exclude);
    }
  }

  /** Deletes the image's version, and waits for it; one already gone is deleted. */
  void deleteVersion(ImageAtLocation ref) {
    deleteVersion(GalleryNames.definitionName(settings, ref), GalleryNames.version(ref), ref.imageName() + " of " + ref.composeId());
  }

  /** Deletes a version, and waits for it; one already gone is deleted. */
  void deleteVersion(String definition, String version, String why) {
    String doing = "Deleting version " + version + " of " + definition + " (" + why + ")";
    try {
      await(compute.getGalleryImageVersions().beginDelete(settings.resourceGroup(), settings.gallery(), definition, version), doing);
      log.info("Deleted version {} of {} ({})", version, definition, why);
    } catch (ManagementException e) {
      if (!ArmErrors.isNotFound(e)) {
        throw ArmErrors.classify(e, doing);
      }
    }
  }

  /** Every version in the gallery that a release of {@code composeId} made, by its tags. */
  List<GalleryImageVersionInner> versionsOfCompose(String composeId) {
    return call("Listing the versions of compose " + composeId + " in gallery " + settings.gallery(), () -> {
      List<GalleryImageVersionInner> versions = new ArrayList<>();
      for (GalleryImageInner definition : compute.getGalleryImages().listByGallery(settings.resourceGroup(), settings.gallery())) {
        for (GalleryImageVersionInner version :
            compute.getGalleryImageVersions().listByGalleryImage(settings.resourceGroup(), settings.gallery(), definition.name())) {
          if (composeId.equals(tags(version).get(GalleryNames.COMPOSE_ID))) {
            versions.add(version);
          }
        }
      }
      return versions;
    });
  }

  /** Every version of every definition in the gallery, as the retention policy reads them. */
  List<GalleryVersion> allVersions() {
    return call("Listing the versions of gallery " + settings.gallery(), () -> {
      List<GalleryVersion> versions = new ArrayList<>();
      for (GalleryImageInner definition : compute.getGalleryImages().listByGallery(settings.resourceGroup(), settings.gallery())) {
        for (GalleryImageVersionInner version :
            compute.getGalleryImageVersions().listByGalleryImage(settings.resourceGroup(), settings.gallery(), definition.name())) {
          GalleryImageVersionPublishingProfile profile = version.publishingProfile();
          versions.add(new GalleryVersion(
              definition.name(),
              version.name(),
              profile != null && Boolean.TRUE.equals(profile.excludeFromLatest()),
              Optional.ofNullable(profile == null ? null : profile.endOfLifeDate()).map(OffsetDateTime::toInstant)));
        }
      }
      return versions;
    });
  }

  /** Deletes the definition when this release created it and no version is left in it. */
  void deleteDefinitionIfOursAndEmpty(ImageAtLocation ref) {
    String name = GalleryNames.definitionName(settings, ref);
    Optional<GalleryImageInner> definition = definition(name, ref);
    if (definition.isEmpty() || definition.get().tags() == null || !ref.releaseId().equals(definition.get().tags().get(GalleryNames.CREATED_BY))) {
      return;
    }
    String doing = "Deleting image definition " + name + " created for " + ref.imageName();
    boolean empty = call(doing, () -> !compute.getGalleryImageVersions().listByGalleryImage(settings.resourceGroup(), settings.gallery(), name).iterator().hasNext());
    if (!empty) {
      log.info("Keeping image definition {}: it holds versions of other releases", name);
      return;
    }
    try {
      await(compute.getGalleryImages().beginDelete(settings.resourceGroup(), settings.gallery(), name), doing);
      log.info("Deleted image definition {} that release {} created", name, ref.releaseId());
    } catch (ManagementException e) {
      if (!ArmErrors.isNotFound(e)) {
        throw ArmErrors.classify(e, doing);
      }
    }
  }

  /** The version's id as a VM references it: the community gallery's when shared, else the resource id. */
  Optional<String> communityId(ImageAtLocation ref) {
    if (settings.communityGallery().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        "/CommunityGalleries/" + settings.communityGallery() + "/Images/" + GalleryNames.definitionName(settings, ref) + "/Versions/"
            + GalleryNames.version(ref));
  }

  /**
   * Updates the version's publishing profile and waits for it; returns the version afterwards. A
   * version still busy with another operation is not touched: the step's retry comes back later.
   */
  private GalleryImageVersionInner update(ImageAtLocation ref, GalleryImageVersionInner current, GalleryImageVersionPublishingProfile profile, String doing) {
    if (isBusy(current)) {
      throw new IllegalStateException(doing + ": the version is " + state(current) + "; trying again once that ended");
    }
    // Azure wants the storage profile in every update of a version, even one that keeps it.
    call(doing, () -> await(compute.getGalleryImageVersions().beginUpdate(
        settings.resourceGroup(), settings.gallery(), GalleryNames.definitionName(settings, ref), current.name(),
        new GalleryImageVersionUpdate().withStorageProfile(current.storageProfile()).withPublishingProfile(profile)), doing));
    GalleryImageVersionInner after = version(ref).orElseThrow(() -> new IllegalStateException(doing + ": the version is gone"));
    log.info("{}: done", doing);
    return after;
  }

  /** Whether an operation on the version is under way: creating, updating or deleting it. */
  static boolean isBusy(GalleryImageVersionInner version) {
    return List.of("creating", "updating", "deleting").contains(state(version).toLowerCase(java.util.Locale.ROOT));
  }

  private Optional<GalleryImageInner> definition(String name, ImageAtLocation ref) {
    try {
      return Optional.of(compute.getGalleryImages().get(settings.resourceGroup(), settings.gallery(), name));
    } catch (ManagementException e) {
      if (ArmErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw ArmErrors.classify(e, "Reading image definition " + name + " for " + ref.imageName());
    }
  }

  private TargetRegion targetRegion(String region) {
    return new TargetRegion()
        .withName(region)
        .withRegionalReplicaCount(settings.replicaCount())
        .withStorageAccountType(StorageAccountType.fromString(settings.storageAccountType()));
  }

  private String storageAccountId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + settings.storageResourceGroup() + "/providers/Microsoft.Storage/storageAccounts/"
        + config.storageAccount();
  }

  /**
   * Waits for an operation, at most {@link #LONGEST_WAIT}: longer, the step fails plainly and its
   * retry waits on, since the operation goes on in Azure whoever waits for it.
   */
  private static <T, U> void await(SyncPoller<T, U> poller, String doing) {
    PollResponse<T> response = poller.waitForCompletion(LONGEST_WAIT);
    LongRunningOperationStatus status = response.getStatus();
    if (status == LongRunningOperationStatus.FAILED || status == LongRunningOperationStatus.USER_CANCELLED) {
      throw new IllegalStateException(doing + ": Azure reports the operation " + status);
    }
    if (!status.isComplete()) {
      throw new IllegalStateException(doing + ": still " + status + " after " + LONGEST_WAIT + "; the step's retry waits on");
    }
  }

  private static void failIfFailed(String provisioningState, String doing) {
    if (provisioningState.equalsIgnoreCase("Failed")) {
      throw new ReleaseException(ReleaseFailureTypes.CLOUD_OPERATION_FAILED, doing + ": Azure reports it Failed");
    }
  }

  private static void call(String doing, Runnable call) {
    call(doing, () -> {
      call.run();
      return null;
    });
  }

  private static <T> T call(String doing, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw ArmErrors.classify(e, doing);
    }
  }

  static boolean isFailed(GalleryImageVersionInner version) {
    return version.provisioningState() != null && version.provisioningState().toString().equalsIgnoreCase("Failed");
  }

  static String state(GalleryImageVersionInner version) {
    return Objects.toString(version.provisioningState(), "");
  }

  static Map<String, String> tags(GalleryImageVersionInner version) {
    return version.tags() == null ? Map.of() : version.tags();
  }
}
