package org.imagerelease.localcloud.aws;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * AMIs: registration from completed snapshots, copies between regions (ClientToken, the limit
 * of copies in flight per destination), launch permissions under block public access and the
 * public AMI quota, deprecation and deregistration. The wire format is {@link Ec2ImageActions}'.
 */
final class Images {
  private static final String NAME_PATTERN = "[a-zA-Z0-9()\\[\\] ./\\-'@_]{3,128}";

  /** RegisterImage's parameters; it tags the AMI only, not its snapshots. */
  record Registration(ImageSpec spec, Map<String, String> imageTags) {}

  /** CopyImage's parameters; the destination is the region the request is for. */
  record Copy(String sourceRegion, String sourceImageId, String name, String description,
      boolean copyImageTags, String clientToken, Boolean encrypted, String kmsKeyId,
      Map<String, String> imageTags, Map<String, String> snapshotTags) {}

  /** What DeregisterImage did to one of the AMI's snapshots when asked to delete them. */
  record SnapshotDeletion(String snapshotId, String returnCode) {}

  private final Cloud cloud;
  private final Snapshots snapshots;

  Images(Cloud cloud, Snapshots snapshots) {
    this.cloud = cloud;
    this.snapshots = snapshots;
  }

  Image register(String regionName, Registration registration) {
    ImageSpec spec = registration.spec();
    checkName(spec.name());
    if ("v2.0".equals(spec.tpmSupport()) && !"uefi".equals(spec.bootMode())) {
      throw Ec2Errors.invalidParameterCombination(
          "NitroTPM (TpmSupport v2.0) requires the boot mode uefi, not " + spec.bootMode());
    }
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      refuseDuplicateName(region, spec.name());
      List<BlockDeviceMapping> mappings = new ArrayList<>();
      for (BlockDeviceMapping mapping : spec.blockDeviceMappings()) {
        if (mapping.ebs() == null || mapping.ebs().snapshotId() == null) {
          mappings.add(mapping);
          continue;
        }
        Snapshot snapshot = Snapshots.ec2Snapshot(region, mapping.ebs().snapshotId());
        if (!snapshot.status(now).equals("completed")) {
          throw Ec2Errors.incorrectState("Snapshot '" + snapshot.id() + "' is not in the completed state: "
              + snapshot.status(now));
        }
        Integer size = mapping.ebs().volumeSize();
        if (size != null && size < snapshot.volumeSizeGiB()) {
          throw ApiError.badRequest("InvalidBlockDeviceMapping", "Volume of size " + size
              + "GB is smaller than snapshot '" + snapshot.id() + "', expect size >= "
              + snapshot.volumeSizeGiB() + "GB");
        }
        BlockDeviceMapping.Ebs ebs = mapping.ebs();
        mappings.add(mapping.withEbs(new BlockDeviceMapping.Ebs(ebs.snapshotId(),
            size != null ? size : (int) snapshot.volumeSizeGiB(), ebs.volumeType(),
            ebs.deleteOnTermination(), ebs.iops(), ebs.throughput(), snapshot.encrypted(),
            snapshot.encrypted() ? snapshot.kmsKeyArn() : null)));
      }
      boolean rootMapped = mappings.stream().anyMatch(mapping -> mapping.ebs() != null
          && mapping.ebs().snapshotId() != null && spec.rootDeviceName().equals(mapping.deviceName()));
      if (!rootMapped) {
        throw ApiError.badRequest("InvalidBlockDeviceMapping", "The root device "
            + spec.rootDeviceName() + " must be mapped to an EBS snapshot in BlockDeviceMapping");
      }
      ImageSpec complete = spec.withCopyNaming(spec.name(), spec.description(), mappings);
      Image image = new Image(Ids.next("ami"), cloud.config().accountId(), complete, now,
          now.plus(cloud.config().delays().imageAvailable()), null, null);
      image.tags().putAll(registration.imageTags());
      region.images.put(image.id(), image);
      cloud.log().record(regionName, ResourceKind.IMAGE, image.id(), ResourceEvent.Change.CREATED,
          spec.name());
      return image;
    }
  }

  /** Copies an AMI into {@code destinationRegion}; returns the copy's id. */
  String copy(String destinationRegion, Copy copy) {
    checkName(copy.name());
    Region destination = cloud.region(destinationRegion);
    String tokenKey = "CopyImage:" + copy.clientToken();
    String fingerprint = Objects.hash(copy.sourceRegion(), copy.sourceImageId(), copy.name(),
        copy.description(), copy.copyImageTags(), copy.encrypted(), copy.kmsKeyId(),
        copy.imageTags(), copy.snapshotTags()) + "";
    synchronized (destination) {
      String earlier = earlierUse(destination, tokenKey, fingerprint, copy.clientToken());
      if (earlier != null) {
        return earlier;
      }
    }
    Image source;
    Map<String, Snapshot> sourceSnapshots = new LinkedHashMap<>();
    Map<String, String> sourceTags;
    Region origin = cloud.region(copy.sourceRegion());
    Instant now = cloud.now();
    synchronized (origin) {
      source = find(origin, copy.sourceImageId());
      if (!source.available(now)) {
        throw Ec2Errors.incorrectState("Image " + source.id() + " in " + copy.sourceRegion()
            + " is " + source.state(now) + "; only available images can be copied");
      }
      for (String snapshotId : source.spec().snapshotIds()) {
        Snapshot snapshot = origin.snapshots.get(snapshotId);
        if (snapshot == null) {
          throw Ec2Errors.incorrectState("The snapshot " + snapshotId + " of " + source.id()
              + " no longer exists");
        }
        snapshot.lineage().forEach(BlockStore::retain);
        sourceSnapshots.put(snapshotId, snapshot);
      }
      sourceTags = new LinkedHashMap<>(source.tags());
    }
    boolean made = false;
    try {
      synchronized (destination) {
        String earlier = earlierUse(destination, tokenKey, fingerprint, copy.clientToken());
        if (earlier != null) {
          return earlier;
        }
        refuseDuplicateName(destination, copy.name());
        int limit = cloud.config().quotas().concurrentImageCopiesPerRegion();
        long inFlight = destination.images.values().stream().filter(i -> i.copyInFlight(now)).count();
        if (inFlight >= limit) {
          throw ApiError.badRequest("ResourceLimitExceeded", "Too many AMI copies in progress. The"
              + " limit is " + limit + " for this destination region.");
        }
        String imageId = Ids.next("ami");
        Instant done = now.plus(cloud.config().delays().imageCopy());
        List<BlockDeviceMapping> mappings = new ArrayList<>();
        List<Snapshot> copies = new ArrayList<>();
        for (BlockDeviceMapping mapping : source.spec().blockDeviceMappings()) {
          if (mapping.ebs() == null || mapping.ebs().snapshotId() == null) {
            mappings.add(mapping);
            continue;
          }
          Snapshot snapshotCopy = snapshots.copyInto(destination,
              sourceSnapshots.get(mapping.ebs().snapshotId()), copy.sourceRegion(), imageId,
              source.id(), done);
          copies.add(snapshotCopy);
          mappings.add(mapping.withEbs(mapping.ebs().withSnapshot(snapshotCopy.id())));
        }
        made = true;
        String description = copy.description() != null ? copy.description() : source.spec().description();
        Image image = new Image(imageId, cloud.config().accountId(),
            source.spec().withCopyNaming(copy.name(), description, mappings), now, done,
            source.id(), copy.sourceRegion());
        if (copy.copyImageTags()) {
          sourceTags.forEach((key, value) -> {
            if (!key.startsWith("aws:")) {
              image.tags().put(key, value);
            }
          });
        }
        image.tags().putAll(copy.imageTags());
        copies.forEach(snapshotCopy -> snapshotCopy.tags().putAll(copy.snapshotTags()));
        destination.images.put(imageId, image);
        if (copy.clientToken() != null) {
          destination.clientTokens.put(tokenKey, new Region.TokenUse(fingerprint, imageId));
        }
        cloud.log().record(destinationRegion, ResourceKind.IMAGE, imageId,
            ResourceEvent.Change.CREATED, copy.name() + " (copy of " + copy.sourceRegion() + "/"
                + source.id() + ")");
        return imageId;
      }
    } finally {
      if (!made) {
        sourceSnapshots.values().forEach(Snapshot::release);
      }
    }
  }

  /** Deregisters an AMI; its snapshots stay unless asked to go (and no other AMI uses them). */
  List<SnapshotDeletion> deregister(String regionName, String imageId, boolean deleteSnapshots) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      Image image = find(region, imageId);
      region.images.remove(imageId);
      cloud.log().record(regionName, ResourceKind.IMAGE, imageId, ResourceEvent.Change.DELETED,
          image.spec().name());
      List<SnapshotDeletion> deletions = new ArrayList<>();
      if (deleteSnapshots) {
        for (String snapshotId : image.spec().snapshotIds()) {
          Snapshot snapshot = region.snapshots.get(snapshotId);
          boolean shared = region.images.values().stream()
              .anyMatch(other -> other.spec().snapshotIds().contains(snapshotId));
          if (snapshot == null) {
            deletions.add(new SnapshotDeletion(snapshotId, "client-error"));
          } else if (shared) {
            deletions.add(new SnapshotDeletion(snapshotId, "skipped"));
          } else {
            snapshots.remove(region, snapshot);
            deletions.add(new SnapshotDeletion(snapshotId, "success"));
          }
        }
      }
      return deletions;
    }
  }

  /**
   * Adds and removes launch permissions. Making an AMI public is refused while the region blocks
   * public sharing, and when the region already has as many public AMIs as its quota.
   */
  void changeLaunchPermission(String regionName, String imageId, boolean addPublic,
      boolean removePublic, Set<String> addUsers, Set<String> removeUsers) {
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      Image image = find(region, imageId);
      if (addPublic && !image.launchPublic()) {
        if (region.blocksPublicSharing(now)) {
          throw ApiError.badRequest("OperationNotPermitted", "You can't publicly share this image"
              + " because block public access for AMIs is enabled for this account. To publicly"
              + " share the image, you must call the DisableImageBlockPublicAccess API.");
        }
        int quota = cloud.config().quotas().publicImagesPerRegion();
        long publicImages = region.images.values().stream().filter(Image::launchPublic).count();
        if (publicImages >= quota) {
          throw ApiError.badRequest("ResourceLimitExceeded", "You have reached your quota of "
              + quota + " for the number of public images allowed in this Region. Deregister"
              + " unused public images or make them private, or request an increase in your"
              + " public AMIs quota.");
        }
      }
      if (addPublic) {
        image.launchPublic(true);
      }
      if (removePublic) {
        image.launchPublic(false);
      }
      image.launchUserIds().addAll(addUsers);
      image.launchUserIds().removeAll(removeUsers);
    }
  }

  void changeDescription(String regionName, String imageId, String description) {
    change(regionName, imageId, spec -> new ImageSpec(spec.name(), description, spec.architecture(),
        spec.bootMode(), spec.enaSupport(), spec.sriovNetSupport(), spec.tpmSupport(),
        spec.imdsSupport(), spec.uefiData(), spec.rootDeviceName(), spec.virtualizationType(),
        spec.kernelId(), spec.ramdiskId(), spec.blockDeviceMappings()));
  }

  /** IMDSv2 can be required afterwards, never undone. */
  void requireImdsV2(String regionName, String imageId) {
    change(regionName, imageId, spec -> new ImageSpec(spec.name(), spec.description(),
        spec.architecture(), spec.bootMode(), spec.enaSupport(), spec.sriovNetSupport(),
        spec.tpmSupport(), "v2.0", spec.uefiData(), spec.rootDeviceName(),
        spec.virtualizationType(), spec.kernelId(), spec.ramdiskId(), spec.blockDeviceMappings()));
  }

  /**
   * Sets the deprecation time, rounded to the nearest minute as AWS does; it must lie in the
   * future and at most 10 years ahead.
   */
  void deprecate(String regionName, String imageId, Instant at) {
    Instant now = cloud.now();
    Instant rounded = at.plusSeconds(30).truncatedTo(ChronoUnit.MINUTES);
    if (!rounded.isAfter(now)) {
      throw Ec2Errors.invalidParameterValue("The deprecation time " + at + " must be in the future");
    }
    if (rounded.isAfter(now.plus(Duration.ofDays(3653)))) {
      throw Ec2Errors.invalidParameterValue("The deprecation time " + at
          + " must be at most 10 years in the future");
    }
    Region region = cloud.region(regionName);
    synchronized (region) {
      find(region, imageId).deprecationTime(rounded);
    }
  }

  void cancelDeprecation(String regionName, String imageId) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      find(region, imageId).deprecationTime(null);
    }
  }

  /** An AMI of this region; the caller holds the region's lock. */
  static Image find(Region region, String imageId) {
    Image image = region.images.get(imageId);
    if (image == null) {
      Ec2Errors.wellFormed(imageId, "ami", "InvalidAMIID.Malformed", "");
      throw Ec2Errors.imageNotFound(imageId);
    }
    return image;
  }

  private void change(String regionName, String imageId, java.util.function.UnaryOperator<ImageSpec> change) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      Image image = find(region, imageId);
      image.spec(change.apply(image.spec()));
    }
  }

  private static String earlierUse(Region region, String tokenKey, String fingerprint, String token) {
    if (token == null) {
      return null;
    }
    Region.TokenUse use = region.clientTokens.get(tokenKey);
    if (use == null) {
      return null;
    }
    if (!use.fingerprint().equals(fingerprint)) {
      throw Ec2Errors.idempotentParameterMismatch(token);
    }
    return use.resultId();
  }

  private static void checkName(String name) {
    if (name == null) {
      throw Ec2Errors.missingParameter("Name");
    }
    if (!name.matches(NAME_PATTERN)) {
      throw ApiError.badRequest("InvalidAMIName.Malformed", "AMI names must be between 3 and 128"
          + " characters long, and may contain letters, numbers, '(', ')', '[', ']', ' ', '.',"
          + " '/', '-', ''', '@' and '_': " + name);
    }
  }

  private static void refuseDuplicateName(Region region, String name) {
    region.images.values().stream()
        .filter(image -> image.spec().name().equals(name))
        .findFirst()
        .ifPresent(image -> {
          throw ApiError.badRequest("InvalidAMIName.Duplicate",
              "AMI name " + name + " is already in use by AMI " + image.id());
        });
  }
}
