package org.imagerelease.activities.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TpmSupportValues;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The AMIs of one region: registered from a snapshot or copied from another region, found by
 * name (which is unique per owner and region) and adopted when a retry finds one already there.
 */
final class Amis {
  static final String ROOT_DEVICE = "/dev/xvda";
  /** AWS deprecates public AMIs after two years whatever one asks; asking for more is refused. */
  private static final Duration LONGEST_DEPRECATION = Duration.ofDays(730);
  private static final Logger log = LoggerFactory.getLogger(Amis.class);

  private final Ec2Client ec2;
  private final AwsConfig config;
  private final Clock clock;

  Amis(Ec2Client ec2, AwsConfig config, Clock clock) {
    this.ec2 = ec2;
    this.config = config;
    this.clock = clock;
  }

  /** The AMI of this name in the region; a failure when another release registered it. */
  Optional<Image> named(String name, ImageAtLocation ref) {
    Optional<Image> found =
        ec2.describeImages(b -> b.owners("self").filters(Filter.builder().name("name").values(name).build())).images().stream()
            .findFirst();
    found.ifPresent(image -> requireOurs(image, ref));
    return found;
  }

  Optional<Image> find(String imageId) {
    try {
      return ec2.describeImages(b -> b.imageIds(imageId)).images().stream().findFirst();
    } catch (Ec2Exception e) {
      if (AwsErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Every AMI this release made for this image in the region. */
  List<Image> of(ImageAtLocation ref) {
    return ec2
        .describeImages(
            b ->
                b.owners("self")
                    .filters(
                        Snapshots.tagFilter(AwsNames.RELEASE_ID, ref.releaseId()),
                        Snapshots.tagFilter(AwsNames.IMAGE_FILE, ref.imageName())))
        .images();
  }

  /**
   * Registers the AMI from a completed snapshot, or adopts the one a retry finds by its name:
   * RegisterImage takes no ClientToken.
   */
  Image register(ImageAtLocation ref, String name, String snapshotId) {
    Optional<Image> existing = named(name, ref);
    if (existing.isPresent()) {
      log.info("Adopting AMI {} ({}) in {}", existing.get().imageId(), name, ref.location());
      return existing.get();
    }
    String arch = ref.image().arch();
    try {
      String imageId =
          ec2.registerImage(
                  b ->
                      b.name(name)
                          .description(ref.imageName() + " of " + ref.composeId())
                          .architecture(ArchitectureValues.fromValue(AwsNames.ec2Architecture(arch)))
                          .rootDeviceName(ROOT_DEVICE)
                          .virtualizationType("hvm")
                          .enaSupport(true)
                          .sriovNetSupport("simple")
                          .bootMode(BootModeValues.fromValue(config.ami().bootModeOf(arch)))
                          .imdsSupport(ImdsSupportValues.V2_0)
                          .tpmSupport(config.ami().nitroTpm() ? TpmSupportValues.V2_0 : null)
                          .blockDeviceMappings(
                              BlockDeviceMapping.builder()
                                  .deviceName(ROOT_DEVICE)
                                  .ebs(
                                      EbsBlockDevice.builder()
                                          .snapshotId(snapshotId)
                                          .volumeType(VolumeType.fromValue(config.ami().volumeType()))
                                          .deleteOnTermination(true)
                                          .build())
                                  .build())
                          .tagSpecifications(tagged(ResourceType.IMAGE, ref)))
              .imageId();
      log.info("Registered AMI {} ({}) from snapshot {} in {}", imageId, name, snapshotId, ref.location());
      return find(imageId).orElseGet(() -> Image.builder().imageId(imageId).name(name).build());
    } catch (Ec2Exception e) {
      if ("InvalidAMIName.Duplicate".equals(AwsErrors.code(e))) {
        // Another attempt registered it between our look and our call.
        return named(name, ref).orElseThrow(() -> e);
      }
      throw AwsErrors.classify(e, "Registering AMI " + name + " in " + ref.location());
    }
  }

  /**
   * Starts copying the AMI into this (the destination) region; the same ClientToken makes a
   * retried call return the copy already under way.
   */
  String copy(ImageAtLocation destination, String name, String sourceRegion, String sourceImageId) {
    try {
      return ec2.copyImage(
              b ->
                  b.sourceImageId(sourceImageId)
                      .sourceRegion(sourceRegion)
                      .name(name)
                      .description(destination.imageName() + " of " + destination.composeId())
                      .clientToken(AwsNames.clientToken("copy", destination, 0))
                      .copyImageTags(true)
                      .tagSpecifications(tagged(ResourceType.IMAGE, destination), tagged(ResourceType.SNAPSHOT, destination)))
          .imageId();
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Copying AMI " + sourceImageId + " from " + sourceRegion + " to " + destination.location());
    }
  }

  /** Sets the date AWS marks the AMI deprecated: a release's end of life, sooner for Rawhide. */
  void deprecate(Image image, ImageAtLocation ref) {
    Duration after = AwsNames.isRawhide(ref.composeId()) ? config.ami().deprecateRawhideAfter() : config.ami().deprecateAfter();
    Duration bounded = after.compareTo(LONGEST_DEPRECATION) > 0 ? LONGEST_DEPRECATION : after;
    Instant at = clock.instant().plus(bounded).truncatedTo(ChronoUnit.MINUTES);
    try {
      ec2.enableImageDeprecation(b -> b.imageId(image.imageId()).deprecateAt(at));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Setting the deprecation date of AMI " + image.imageId() + " in " + ref.location());
    }
  }

  /** Deregisters the AMI and deletes the snapshots it was made of; anything gone already is fine. */
  void deregisterWithSnapshots(Image image, Snapshots snapshots) {
    List<String> backing =
        image.blockDeviceMappings().stream()
            .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
            .map(m -> m.ebs().snapshotId())
            .toList();
    try {
      ec2.deregisterImage(b -> b.imageId(image.imageId()));
    } catch (Ec2Exception e) {
      if (!AwsErrors.isNotFound(e)) {
        throw e;
      }
    }
    backing.forEach(snapshots::delete);
    log.info("Deregistered AMI {} and deleted its snapshots {}", image.imageId(), backing);
  }

  private TagSpecification tagged(ResourceType type, ImageAtLocation ref) {
    Map<String, String> tags = AwsNames.tags(ref, config.tags());
    return TagSpecification.builder()
        .resourceType(type)
        .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
        .build();
  }

  private static void requireOurs(Image image, ImageAtLocation ref) {
    String owner = image.tags().stream().filter(t -> t.key().equals(AwsNames.RELEASE_ID)).map(Tag::value).findFirst().orElse("");
    if (!owner.equals(ref.releaseId())) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "AMI " + image.imageId() + " named " + image.name() + " in " + ref.location() + " belongs to "
              + (owner.isEmpty() ? "no image-release release" : "release " + owner)
              + ", not " + ref.releaseId() + "; AMI names are unique per region: change [consumer_config.aws.ami] name or remove it");
    }
  }
}
