package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.ImageState;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TpmSupportValues;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** What several tests of the local AWS endpoint need made first, through the SDK clients. */
final class AwsFixtures {
  private AwsFixtures() {}

  static String register(Ec2Client ec2, String name, String snapshotId) {
    return ec2.registerImage(RegisterImageRequest.builder().name(name)
        .architecture(ArchitectureValues.X86_64).rootDeviceName("/dev/xvda")
        .virtualizationType("hvm").enaSupport(true).bootMode(BootModeValues.UEFI)
        .tpmSupport(TpmSupportValues.V2_0).imdsSupport(ImdsSupportValues.V2_0)
        .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda")
            .ebs(EbsBlockDevice.builder().snapshotId(snapshotId).volumeType(VolumeType.GP3)
                .deleteOnTermination(true).build()).build())
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.IMAGE)
            .tags(Tag.builder().key("ComposeId").value("Fedora-42-20261207.n.0").build()).build())
        .build()).imageId();
  }

  /** Waits with the SDK's own waiter until the AMI is available. */
  static void awaitAvailable(Ec2Client ec2, String imageId) {
    try (Ec2Waiter waiter = waiter(ec2)) {
      waiter.waitUntilImageAvailable(b -> b.imageIds(imageId));
    }
  }

  /** The SDK's waiters, polling every 20 ms instead of 15 s: the endpoint's delays are short. */
  static Ec2Waiter waiter(Ec2Client ec2) {
    return Ec2Waiter.builder().client(ec2).overrideConfiguration(WaiterOverrideConfiguration.builder()
            .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(20)))
            .maxAttempts(500)
            .build())
        .build();
  }

  static ImageState state(Ec2Client ec2, String imageId) {
    return ec2.describeImages(b -> b.imageIds(imageId)).images().get(0).state();
  }

  /** A completed snapshot of {@code sizeGiB} with one block, through the EBS direct APIs. */
  static String uploadedSnapshot(LocalAwsClients clients, String region, long sizeGiB) {
    EbsClient ebs = clients.ebs(region);
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(sizeGiB)).snapshotId();
    SnapshotBlocks blocks = new SnapshotBlocks();
    byte[] block = blocks.add(0);
    ebs.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(0).dataLength(SnapshotBlocks.SIZE)
        .checksum(SnapshotBlocks.checksum(block)).checksumAlgorithm(ChecksumAlgorithm.SHA256),
        RequestBody.fromBytes(block));
    ebs.completeSnapshot(b -> b.snapshotId(snapshotId).changedBlocksCount(1)
        .checksum(blocks.linearAggregate()).checksumAlgorithm(ChecksumAlgorithm.SHA256)
        .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
    Ec2Client regional = clients.ec2(region);
    // The SDK's own waiter, as a release would wait.
    try (Ec2Waiter waiter = waiter(regional)) {
      waiter.waitUntilSnapshotCompleted(b -> b.snapshotIds(snapshotId));
    }
    return snapshotId;
  }

  static String code(Throwable error) {
    assertThat(error).isInstanceOf(Ec2Exception.class);
    return ((Ec2Exception) error).awsErrorDetails().errorCode();
  }
}
