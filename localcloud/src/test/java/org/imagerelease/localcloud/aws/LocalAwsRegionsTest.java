package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Every request acts in the region of its signing scope, as with AWS's regional endpoints. */
class LocalAwsRegionsTest {
  private LocalAws aws;
  private LocalAwsClients clients;

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20))
        .withBlockPublicSharingByDefault(true).withBlockPublicSharing("eu-north-1", false));
    aws = clients.aws();
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void resourcesLiveInTheRegionTheRequestWasSignedFor() {
    String snapshotId = clients.ebs("eu-west-1").startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    clients.ssm("eu-west-1").putParameter(b -> b.name("/where").value("eu-west-1").type(ParameterType.STRING));

    assertThat(clients.ec2("eu-west-1").describeSnapshots(b -> b.ownerIds("self")).snapshots()).hasSize(1);
    assertThat(clients.ec2("us-east-1").describeSnapshots(b -> b.ownerIds("self")).snapshots()).isEmpty();
    byte[] block = new SnapshotBlocks().add(0);
    assertThatThrownBy(() -> clients.ebsWithoutRetries("us-east-1").putSnapshotBlock(b -> b
        .snapshotId(snapshotId).blockIndex(0).dataLength(SnapshotBlocks.SIZE)
        .checksum(SnapshotBlocks.checksum(block)).checksumAlgorithm(ChecksumAlgorithm.SHA256),
        RequestBody.fromBytes(block))).isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> clients.ssmWithoutRetries("us-east-1").getParameter(b -> b.name("/where")))
        .isInstanceOf(ParameterNotFoundException.class);

    Inventory inventory = aws.inventory();
    assertThat(inventory.in("eu-west-1")).extracting(InventoryItem::kind)
        .containsExactlyInAnyOrder(ResourceKind.SNAPSHOT, ResourceKind.PARAMETER);
    assertThat(inventory.format()).contains("eu-west-1").contains(snapshotId).contains("/where");
  }

  @Test
  void credentialsCheckNamesTheOneAccount() {
    var identity = clients.sts("eu-west-1").getCallerIdentity();
    assertThat(identity.account()).isEqualTo("123456789012");
    assertThat(identity.userId()).isEqualTo("AKIDLOCALTEST");
    assertThat(identity.arn()).startsWith("arn:aws:iam::123456789012:");
  }

  @Test
  void blockPublicAccessIsPerRegionFromTheConfiguration() {
    assertThat(clients.ec2("eu-west-1").getImageBlockPublicAccessState(b -> { })
        .imageBlockPublicAccessState()).isEqualTo("block-new-sharing");
    assertThat(clients.ec2("eu-north-1").getImageBlockPublicAccessState(b -> { })
        .imageBlockPublicAccessState()).isEqualTo("unblocked");
  }

  @Test
  void blockPublicAccessChangesThroughTheApiTakeEffectAfterTheirDelay() {
    aws.reconfigure(config -> config.withDelays(config.delays()
        .withBlockPublicAccessChange(Duration.ofMinutes(10))));
    var ec2 = clients.ec2("eu-west-1");
    assertThat(ec2.disableImageBlockPublicAccess(b -> { }).imageBlockPublicAccessStateAsString())
        .isEqualTo("unblocked");
    assertThat(ec2.getImageBlockPublicAccessState(b -> { }).imageBlockPublicAccessState())
        .isEqualTo("block-new-sharing");
    aws.advanceClock(Duration.ofMinutes(10));
    assertThat(ec2.getImageBlockPublicAccessState(b -> { }).imageBlockPublicAccessState())
        .isEqualTo("unblocked");
  }
}
