package org.imagerelease.activities.aws;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Making AMIs public, safely: a preflight before anything is uploaded (credentials, image block
 * public access, the public-AMI quota), then launch and volume permissions for everyone only on an
 * available AMI, then the SSM parameter naming the newest AMI, written only once the AMI is
 * public and read back (AWS checks {@code aws:ec2:image} values asynchronously and drops a bad
 * write without an error). The parameter's previous value is kept on the AMI, so unpublishing
 * puts it back.
 */
final class Publication {
  private static final String BLOCK_NEW_SHARING = "block-new-sharing";
  private static final Duration VERIFY_EVERY = Duration.ofSeconds(2);
  private static final int VERIFY_TRIES = 30;
  private static final Logger log = LoggerFactory.getLogger(Publication.class);

  private final AwsClients clients;
  private final AwsConfig config;

  Publication(AwsClients clients, AwsConfig config) {
    this.clients = clients;
    this.config = config;
  }

  /**
   * Refuses a release that would fail after hours of uploading and copying: a region that blocks
   * public sharing, or one whose public AMIs would pass the quota.
   */
  void preflight(ImageAtLocation ref, List<String> regions) {
    for (String region : regions) {
      Ec2Client ec2 = clients.ec2(region);
      try {
        String state = ec2.getImageBlockPublicAccessState(b -> {}).imageBlockPublicAccessState();
        if (BLOCK_NEW_SHARING.equals(state)) {
          throw new ReleaseException(
              ReleaseFailureTypes.CONFIGURATION,
              "Region " + region + " blocks public sharing of AMIs (image block public access is " + state
                  + "), so " + ref.imageName() + " could never be published there. To allow it: aws ec2"
                  + " disable-image-block-public-access --region " + region + " (takes up to 10 minutes to apply)");
        }
        long publicAmis =
            ec2.describeImagesPaginator(b -> b.owners("self").filters(Filter.builder().name("is-public").values("true").build()))
                .images()
                .stream()
                .count();
        if (publicAmis >= config.publish().publicAmiQuota()) {
          throw new ReleaseException(
              ReleaseFailureTypes.CONFIGURATION,
              "Region " + region + " already has " + publicAmis + " public AMIs, the quota of "
                  + config.publish().publicAmiQuota() + " ([consumer_config.aws.publish] public_ami_quota); "
                  + ref.imageName() + " could not be made public there. Ask AWS to raise the quota"
                  + " (Service Quotas, \"Public AMIs\") and the setting, or deregister old public AMIs");
        }
      } catch (AwsServiceException e) {
        throw AwsErrors.classify(e, "The preflight of " + ref.imageName() + " in " + region);
      }
    }
  }

  /** Makes the available AMI and its snapshots public, then points the SSM parameter at it. */
  Optional<String> publish(ImageAtLocation ref, Image image) throws IOException {
    if (image.state() != ImageState.AVAILABLE) {
      throw new IOException("AMI " + image.imageId() + " in " + ref.location() + " is " + image.stateAsString() + ", not available yet");
    }
    Ec2Client ec2 = clients.ec2(ref.location());
    try {
      ec2.modifyImageAttribute(
          b -> b.imageId(image.imageId()).launchPermission(p -> p.add(LaunchPermission.builder().group(PermissionGroup.ALL).build())));
      for (String snapshotId : backingSnapshots(image)) {
        ec2.modifySnapshotAttribute(
            b -> b.snapshotId(snapshotId).createVolumePermission(p -> p.add(CreateVolumePermission.builder().group(PermissionGroup.ALL).build())));
      }
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Making AMI " + image.imageId() + " public in " + ref.location());
    }
    log.info("AMI {} and its snapshots are public in {}", image.imageId(), ref.location());
    if (config.publish().ssmParameter().isBlank()) {
      return Optional.empty();
    }
    String parameter = AwsNames.ssmParameter(config.publish().ssmParameter(), ref);
    pointParameterAt(ref, image, parameter);
    return Optional.of(parameter);
  }

  /** Takes the SSM parameter back to its previous value, then the permissions away. */
  void unpublish(ImageAtLocation ref, Image image) {
    if (!config.publish().ssmParameter().isBlank()) {
      restoreParameter(ref, image, AwsNames.ssmParameter(config.publish().ssmParameter(), ref));
    }
    Ec2Client ec2 = clients.ec2(ref.location());
    try {
      ec2.modifyImageAttribute(
          b -> b.imageId(image.imageId()).launchPermission(p -> p.remove(LaunchPermission.builder().group(PermissionGroup.ALL).build())));
      for (String snapshotId : backingSnapshots(image)) {
        ec2.modifySnapshotAttribute(
            b -> b.snapshotId(snapshotId).createVolumePermission(p -> p.remove(CreateVolumePermission.builder().group(PermissionGroup.ALL).build())));
      }
    } catch (AwsServiceException e) {
      if (!AwsErrors.isNotFound(e)) {
        throw AwsErrors.classify(e, "Making AMI " + image.imageId() + " private in " + ref.location());
      }
    }
    log.info("AMI {} is private again in {}", image.imageId(), ref.location());
  }

  private void pointParameterAt(ImageAtLocation ref, Image image, String parameter) throws IOException {
    SsmClient ssm = clients.ssm(ref.location());
    Optional<String> current = value(ssm, parameter);
    if (current.equals(Optional.of(image.imageId()))) {
      return;
    }
    if (current.isPresent() && heldByNewerCompose(ref, current.get())) {
      // Two releases of one release line publishing at once (or a retry of an older one) must
      // not point "latest" back at the older AMI.
      log.info("SSM parameter {} in {} names {} of a newer compose than {}: left as it is", parameter, ref.location(), current.get(), ref.composeId());
      return;
    }
    boolean previousKept = image.tags().stream().anyMatch(t -> t.key().equals(AwsNames.PREVIOUS_SSM_VALUE));
    if (!previousKept) {
      // Kept on the AMI before the parameter changes, so an unpublish after a crash still knows it.
      clients.ec2(ref.location()).createTags(
          b -> b.resources(image.imageId()).tags(Tag.builder().key(AwsNames.PREVIOUS_SSM_VALUE).value(current.orElse("")).build()));
    }
    try {
      ssm.putParameter(b -> b.name(parameter).value(image.imageId()).type(ParameterType.STRING).dataType("aws:ec2:image").overwrite(true));
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Writing SSM parameter " + parameter + " in " + ref.location());
    }
    for (int attempt = 0; attempt < VERIFY_TRIES; attempt++) {
      Optional<String> now = value(ssm, parameter);
      if (now.equals(Optional.of(image.imageId()))) {
        log.info("SSM parameter {} in {} names {}", parameter, ref.location(), image.imageId());
        return;
      }
      if (now.isPresent() && heldByNewerCompose(ref, now.get())) {
        log.info("SSM parameter {} in {} names {} of a newer compose than {}, written meanwhile", parameter, ref.location(), now.get(), ref.composeId());
        return;
      }
      pause();
    }
    throw new IOException(
        "SSM parameter " + parameter + " in " + ref.location() + " does not name " + image.imageId()
            + " after writing it: AWS validates aws:ec2:image values asynchronously and dropped the write");
  }

  /** Whether {@code imageId} is an AMI image-release made for a compose newer than the release's own. */
  private boolean heldByNewerCompose(ImageAtLocation ref, String imageId) {
    try {
      Optional<String> compose = clients.ec2(ref.location()).describeImages(b -> b.imageIds(imageId)).images().stream()
          .flatMap(i -> i.tags().stream()).filter(t -> t.key().equals(AwsNames.COMPOSE_ID)).map(Tag::value).findFirst();
      return compose.isPresent() && AwsNames.isNewerCompose(compose.get(), ref.composeId());
    } catch (AwsServiceException e) {
      // Gone or not ours to read: it holds nothing a release must keep.
      return false;
    }
  }

  private void restoreParameter(ImageAtLocation ref, Image image, String parameter) {
    SsmClient ssm = clients.ssm(ref.location());
    if (!value(ssm, parameter).equals(Optional.of(image.imageId()))) {
      return;
    }
    String previous = image.tags().stream().filter(t -> t.key().equals(AwsNames.PREVIOUS_SSM_VALUE)).map(Tag::value).findFirst().orElse("");
    try {
      if (previous.isEmpty()) {
        ssm.deleteParameter(b -> b.name(parameter));
      } else {
        ssm.putParameter(b -> b.name(parameter).value(previous).type(ParameterType.STRING).dataType("aws:ec2:image").overwrite(true));
      }
    } catch (ParameterNotFoundException e) {
      // Gone already: nothing to restore.
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Restoring SSM parameter " + parameter + " in " + ref.location());
    }
    log.info("SSM parameter {} in {} is back to {}", parameter, ref.location(), previous.isEmpty() ? "not set" : previous);
  }

  private static Optional<String> value(SsmClient ssm, String parameter) {
    try {
      return Optional.of(ssm.getParameter(b -> b.name(parameter)).parameter().value());
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    }
  }

  static List<String> backingSnapshots(Image image) {
    return image.blockDeviceMappings().stream()
        .filter(m -> m.ebs() != null && m.ebs().snapshotId() != null)
        .map(m -> m.ebs().snapshotId())
        .toList();
  }

  private static void pause() throws InterruptedIOException {
    try {
      Thread.sleep(VERIFY_EVERY.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while verifying an SSM parameter");
    }
  }
}
