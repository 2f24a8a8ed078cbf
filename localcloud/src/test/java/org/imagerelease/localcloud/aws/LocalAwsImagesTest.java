package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
import software.amazon.awssdk.services.ec2.model.CreateVolumePermission;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.LaunchPermission;
import software.amazon.awssdk.services.ec2.model.PermissionGroup;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TpmSupportValues;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/** AMIs on {@link LocalAws} through the AWS SDK's Ec2Client: register, copy, share, publish. */
class LocalAwsImagesTest {
  private static final String PRIMARY = "us-east-1";
  private static final String OTHER = "eu-central-1";

  private LocalAws aws;
  private LocalAwsClients clients;
  private Ec2Client ec2;

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)));
    aws = clients.aws();
    ec2 = clients.ec2WithoutRetries(PRIMARY);
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void registeredImageIsFoundByNameAndTagAndBecomesAvailable() {
    String snapshotId = AwsFixtures.uploadedSnapshot(clients, PRIMARY, 2);
    String imageId = AwsFixtures.register(ec2, "Fedora-Cloud-Base-AmazonEC2.x86_64-42-1.1", snapshotId);

    Image image = ec2.describeImages(b -> b.owners("self").filters(
        Filter.builder().name("name").values("Fedora-Cloud-Base-AmazonEC2.x86_64-42-*").build(),
        Filter.builder().name("tag:ComposeId").values("Fedora-42-20261207.n.0").build())).images().get(0);
    assertThat(image.imageId()).isEqualTo(imageId);
    assertThat(image.architecture()).isEqualTo(ArchitectureValues.X86_64);
    assertThat(image.bootMode()).isEqualTo(BootModeValues.UEFI);
    assertThat(image.tpmSupport()).isEqualTo(TpmSupportValues.V2_0);
    assertThat(image.imdsSupport()).isEqualTo(ImdsSupportValues.V2_0);
    assertThat(image.enaSupport()).isTrue();
    assertThat(image.rootDeviceName()).isEqualTo("/dev/xvda");
    assertThat(image.publicLaunchPermissions()).isFalse();
    BlockDeviceMapping root = image.blockDeviceMappings().get(0);
    assertThat(root.ebs().snapshotId()).isEqualTo(snapshotId);
    assertThat(root.ebs().volumeType()).isEqualTo(VolumeType.GP3);
    assertThat(root.ebs().volumeSize()).isEqualTo(2);
    assertThat(root.ebs().deleteOnTermination()).isTrue();

    AwsFixtures.awaitAvailable(ec2, imageId);
    assertThat(ec2.describeImages(b -> b.filters(Filter.builder().name("state").values("available").build()))
        .images()).extracting(Image::imageId).containsExactly(imageId);
    // RegisterImage tags the AMI only; its snapshots are tagged with CreateTags.
    assertThatThrownBy(() -> ec2.registerImage(b -> b.name("Fedora-42-snapshot-tags")
        .rootDeviceName("/dev/xvda").blockDeviceMappings(root)
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
            .tags(Tag.builder().key("ComposeId").value("x").build()).build())))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidParameterValue"));
    ec2.createTags(b -> b.resources(snapshotId).tags(Tag.builder().key("ComposeId").value("x").build()));
    assertThat(ec2.describeSnapshots(b -> b.filters(Filter.builder().name("tag:ComposeId").values("x").build()))
        .snapshots()).extracting(s -> s.snapshotId()).containsExactly(snapshotId);
  }

  @Test
  void registerRefusesADuplicateNameAPendingSnapshotAndAMissingOne() {
    String snapshotId = AwsFixtures.uploadedSnapshot(clients, PRIMARY, 1);
    AwsFixtures.register(ec2, "Fedora-42-dup", snapshotId);
    assertThatThrownBy(() -> AwsFixtures.register(ec2, "Fedora-42-dup", snapshotId))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidAMIName.Duplicate"));
    assertThatThrownBy(() -> AwsFixtures.register(ec2, "Fedora-42-gone", "snap-0123456789abcdef0"))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidSnapshot.NotFound"));
    EbsClient ebs = clients.ebs(PRIMARY);
    String open = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    assertThatThrownBy(() -> AwsFixtures.register(ec2, "Fedora-42-open", open))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("IncorrectState"));
    assertThatThrownBy(() -> AwsFixtures.register(ec2, "x", snapshotId))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidAMIName.Malformed"));
  }

  @Test
  void copyWithTheSameClientTokenIsOneCopyInTheDestinationRegion() {
    String imageId = availableImage("Fedora-42-copy");
    Ec2Client destination = clients.ec2WithoutRetries(OTHER);
    CopyImageRequest copy = CopyImageRequest.builder().sourceRegion(PRIMARY).sourceImageId(imageId)
        .name("Fedora-42-copy").copyImageTags(true).clientToken("copy-" + imageId + "-" + OTHER).build();

    String copied = destination.copyImage(copy).imageId();
    assertThat(destination.copyImage(copy).imageId()).isEqualTo(copied);
    assertThatThrownBy(() -> destination.copyImage(copy.toBuilder().description("other").build()))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("IdempotentParameterMismatch"));

    Image image = destination.describeImages(b -> b.imageIds(copied)).images().get(0);
    assertThat(image.sourceImageId()).isEqualTo(imageId);
    assertThat(image.sourceImageRegion()).isEqualTo(PRIMARY);
    assertThat(image.tags()).extracting(Tag::key).contains("ComposeId");
    String copiedSnapshot = image.blockDeviceMappings().get(0).ebs().snapshotId();
    assertThat(destination.describeSnapshots(b -> b.snapshotIds(copiedSnapshot)).snapshots().get(0)
        .description()).contains(imageId);
    AwsFixtures.awaitAvailable(destination, copied);
    assertThat(destination.describeSnapshots(b -> b.snapshotIds(copiedSnapshot)).snapshots().get(0)
        .state()).isEqualTo(SnapshotState.COMPLETED);
    assertThat(aws.inventory().in(OTHER)).extracting(InventoryItem::kind)
        .containsExactlyInAnyOrder(ResourceKind.IMAGE, ResourceKind.SNAPSHOT);
    // The AMI's snapshot stays behind a deregistration unless asked to go.
    destination.deregisterImage(b -> b.imageId(copied).deleteAssociatedSnapshots(true));
    assertThat(aws.inventory().in(OTHER)).isEmpty();
  }

  @Test
  void atMostTwentyCopiesAreInFlightPerDestinationRegion() {
    String imageId = availableImage("Fedora-42-many");
    aws.reconfigure(config -> config.withDelays(config.delays().withImageCopy(Duration.ofHours(1))));
    Ec2Client destination = clients.ec2WithoutRetries(OTHER);
    List<String> copies = new ArrayList<>();
    for (int copy = 0; copy < 20; copy++) {
      int number = copy;
      copies.add(destination.copyImage(b -> b.sourceRegion(PRIMARY).sourceImageId(imageId)
          .name("Fedora-42-many-" + number).clientToken("t" + number)).imageId());
    }
    assertThatThrownBy(() -> destination.copyImage(b -> b.sourceRegion(PRIMARY)
        .sourceImageId(imageId).name("Fedora-42-many-20").clientToken("t20")))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("ResourceLimitExceeded"));
    // The limit is per destination; a retried copy that is already in flight is not a new one.
    assertThat(destination.copyImage(b -> b.sourceRegion(PRIMARY).sourceImageId(imageId)
        .name("Fedora-42-many-0").clientToken("t0")).imageId()).isEqualTo(copies.get(0));
    clients.ec2(PRIMARY).copyImage(b -> b.sourceRegion(PRIMARY).sourceImageId(imageId)
        .name("Fedora-42-many-here").clientToken("here"));

    aws.advanceClock(Duration.ofHours(1));
    destination.copyImage(b -> b.sourceRegion(PRIMARY).sourceImageId(imageId)
        .name("Fedora-42-many-20").clientToken("t20"));
  }

  @Test
  void publicLaunchPermissionIsRefusedWhileBlockPublicAccessIsOn() {
    String imageId = availableImage("Fedora-42-public");
    aws.setImageBlockPublicAccess(PRIMARY, true);
    assertThat(ec2.getImageBlockPublicAccessState(b -> { }).imageBlockPublicAccessState())
        .isEqualTo("block-new-sharing");

    assertThatThrownBy(() -> makePublic(imageId))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("OperationNotPermitted"))
        .hasMessageContaining("block public access");
    // Sharing with one account is not public sharing.
    ec2.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.add(
        LaunchPermission.builder().userId("210987654321").build())));

    ec2.disableImageBlockPublicAccess(b -> { });
    makePublic(imageId);
    assertThat(ec2.describeImageAttribute(b -> b.imageId(imageId).attribute("launchPermission"))
        .launchPermissions()).extracting(LaunchPermission::groupAsString, LaunchPermission::userId)
        .containsExactlyInAnyOrder(tuple("all", null),
            tuple(null, "210987654321"));
    assertThat(ec2.describeImages(b -> b.filters(Filter.builder().name("is-public").values("true").build()))
        .images()).extracting(Image::imageId).containsExactly(imageId);
    ec2.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.remove(
        LaunchPermission.builder().group(PermissionGroup.ALL).build())));
    assertThat(ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).publicLaunchPermissions()).isFalse();
  }

  @Test
  void publicImagesBeyondTheRegionsQuotaAreRefused() {
    aws.reconfigure(config -> config.withQuotas(config.quotas().withPublicImagesPerRegion(2)));
    String first = availableImage("Fedora-42-q1");
    String second = availableImage("Fedora-42-q2");
    String third = availableImage("Fedora-42-q3");
    makePublic(first);
    makePublic(second);
    makePublic(second);
    assertThatThrownBy(() -> makePublic(third))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("ResourceLimitExceeded"))
        .hasMessageContaining("quota of 2");
    ec2.deregisterImage(b -> b.imageId(first));
    makePublic(third);
  }

  @Test
  void snapshotVolumePermissionDeprecationAndDeregistration() {
    String imageId = availableImage("Fedora-42-attrs");
    String snapshotId = ec2.describeImages(b -> b.imageIds(imageId)).images().get(0)
        .blockDeviceMappings().get(0).ebs().snapshotId();
    ec2.modifySnapshotAttribute(b -> b.snapshotId(snapshotId).createVolumePermission(p -> p.add(
        CreateVolumePermission.builder().group(PermissionGroup.ALL).build())));
    assertThat(ec2.describeSnapshotAttribute(b -> b.snapshotId(snapshotId).attribute("createVolumePermission"))
        .createVolumePermissions()).extracting(CreateVolumePermission::groupAsString).containsExactly("all");

    Instant deprecateAt = aws.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.MINUTES);
    ec2.enableImageDeprecation(b -> b.imageId(imageId).deprecateAt(deprecateAt.plusSeconds(20)));
    assertThat(ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).deprecationTime())
        .isEqualTo(deprecateAt.toString().replace("Z", ".000Z"));
    assertThatThrownBy(() -> ec2.enableImageDeprecation(b -> b.imageId(imageId)
        .deprecateAt(aws.now().minus(Duration.ofDays(1)))))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidParameterValue"));
    ec2.disableImageDeprecation(b -> b.imageId(imageId));
    assertThat(ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).deprecationTime()).isNull();

    assertThatThrownBy(() -> ec2.deleteSnapshot(b -> b.snapshotId(snapshotId)))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidSnapshot.InUse"));
    ec2.deregisterImage(b -> b.imageId(imageId));
    assertThatThrownBy(() -> ec2.describeImages(b -> b.imageIds(imageId)))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidAMIID.NotFound"));
    ec2.deleteSnapshot(b -> b.snapshotId(snapshotId));
    assertThat(aws.inventory().live()).isEmpty();
    assertThat(aws.inventory().events(ResourceEvent.Change.DELETED)).extracting(ResourceEvent::id)
        .containsExactly(imageId, snapshotId);
  }

  private String availableImage(String name) {
    String imageId = AwsFixtures.register(ec2, name, AwsFixtures.uploadedSnapshot(clients, PRIMARY, 1));
    AwsFixtures.awaitAvailable(ec2, imageId);
    return imageId;
  }

  private void makePublic(String imageId) {
    ec2.modifyImageAttribute(b -> b.imageId(imageId).launchPermission(p -> p.add(
        LaunchPermission.builder().group(PermissionGroup.ALL).build())));
  }
}
