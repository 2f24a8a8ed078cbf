package org.imagerelease.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.events.PublishedImageAttributes;
import org.imagerelease.activities.transfer.TransferCheckpoint;
import org.imagerelease.activities.transfer.pipeline.BlockRanges;
import org.imagerelease.localcloud.aws.InventoryItem;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
import org.imagerelease.localcloud.aws.ResourceKind;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.LocationImage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The AWS target through the real SDK clients against the local AWS endpoint. */
class AwsTargetTest {
  @TempDir Path dir;
  private AwsRig rig;

  @AfterEach
  void stop() {
    if (rig != null) {
      rig.close();
    }
  }

  private AwsRig rig(UnaryOperator<AwsConfig> configure) throws Exception {
    rig = new AwsRig(dir, LocalAwsConfig.everyDelay(Duration.ofMillis(20)), configure);
    return rig;
  }

  private AwsRig rig() throws Exception {
    return rig(UnaryOperator.identity());
  }

  @Test
  void theImageBecomesASmokeTestedAmiFromASnapshotOfOnlyItsDataBlocks() throws Exception {
    AwsRig aws = rig();

    LocationImage uploaded = aws.uploaded();

    assertThat(uploaded.resourceId()).startsWith("ami-");
    assertThat(uploaded.attributes())
        .containsEntry(PublishedImageAttributes.AMI_NAME, "Fedora-Cloud-Base-AmazonEC2-42-20261207.n.0.x86_64")
        .containsEntry(AwsTarget.SMOKE_RESULT, "PASSED");
    assertThat(uploaded.targetTestResults()).singleElement().satisfies(r -> assertThat(r.testcase()).isEqualTo(SmokeTest.TESTCASE));
    // The endpoint checked every block's SHA-256, the count and the LINEAR aggregate.
    assertThat(aws.aws.callCount("PutSnapshotBlock")).as("zero blocks are never sent").isEqualTo(aws.dataBlocks()).isLessThan(aws.blocks());
    assertThat(aws.aws.callCount("CompleteSnapshot")).isEqualTo(1);
    InventoryItem image = aws.aws.inventory().of(ResourceKind.IMAGE).get(0);
    assertThat(image.tags())
        .containsEntry("ManagedBy", "image-release")
        .containsEntry("ReleaseId", AwsRig.RELEASE_ID)
        .containsEntry("ComposeId", AwsRig.COMPOSE_ID)
        .containsEntry("Arch", "x86_64")
        .containsEntry("Team", "releng");
    assertThat(aws.aws.inventory().of(ResourceKind.INSTANCE)).as("the smoke test instance").singleElement()
        .satisfies(i -> assertThat(i.state()).isIn("shutting-down", "terminated"));
  }

  @Test
  void aKilledUploadResumesIntoTheSameSnapshotSendingOnlyWhatItsCheckpointLacks() throws Exception {
    AwsRig aws = rig(c -> c);
    aws.aws.faults().addLatency("PutSnapshotBlock", Duration.ofMillis(60));
    var first = new AwsRig.RecordingHeartbeat(null, 2);
    assertThatThrownBy(() -> aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), first)).hasMessageContaining("worker killed");
    TransferCheckpoint checkpoint = first.lastCheckpoint();
    long putsBefore = aws.aws.callCount("PutSnapshotBlock");
    aws.aws.faults().clear();

    LocationImage image = aws.untilReady(aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat(checkpoint, Integer.MAX_VALUE)));

    assertThat(image.resourceId()).startsWith("ami-");
    assertThat(aws.aws.inventory().of(ResourceKind.SNAPSHOT)).as("one snapshot: the retry went on in it").hasSize(1);
    long checkpointedData = BlockRanges.parse(checkpoint.resume().doneBlocks()).size() - checkpoint.resume().blocksZero();
    long putsAfter = aws.aws.callCount("PutSnapshotBlock") - putsBefore;
    System.out.printf("AWS resume: first attempt put %d blocks, its checkpoint had %d data blocks; the retry put %d of %d data blocks%n",
        putsBefore, checkpointedData, putsAfter, aws.dataBlocks());
    assertThat(putsAfter).as("blocks put by the retry").isEqualTo(aws.dataBlocks() - checkpointedData);
    assertThat(checkpoint.resume().sinkState()).startsWith("ebs:v1:snap-");
  }

  @Test
  void aSnapshotThatTimedOutIsReplacedByTheNextGenerationAndDeleted() throws Exception {
    AwsRig aws = rig();
    aws.aws.faults().addLatency("PutSnapshotBlock", Duration.ofMillis(60));
    var first = new AwsRig.RecordingHeartbeat(null, 2);
    assertThatThrownBy(() -> aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), first)).hasMessageContaining("worker killed");
    aws.aws.faults().clear();
    aws.aws.advanceClock(Duration.ofHours(2));

    aws.untilReady(aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat(first.lastCheckpoint(), Integer.MAX_VALUE)));

    List<InventoryItem> snapshots = aws.aws.inventory().of(ResourceKind.SNAPSHOT);
    assertThat(snapshots).as("the timed-out snapshot was deleted, a new one completed").singleElement()
        .satisfies(s -> assertThat(s.tags()).containsEntry(Snapshots.GENERATION, "1"));
  }

  @Test
  void aRetryAfterTheAmiWasRegisteredAdoptsIt() throws Exception {
    AwsRig aws = rig();
    LocationImage first = aws.uploaded();

    LocationImage again = aws.untilReady(aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat()));

    assertThat(again.resourceId()).isEqualTo(first.resourceId());
    assertThat(aws.aws.callCount("RegisterImage")).isEqualTo(1);
    assertThat(aws.aws.callCount("StartSnapshot")).isEqualTo(1);
  }

  @Test
  void copiesToEveryRegionWithATokenSoARetriedCopyIsTheSameCopy() throws Exception {
    AwsRig aws = rig();
    LocationImage primary = aws.uploaded();

    LocationImage copy = aws.target.replicate(primary, aws.at(AwsRig.REPLICA), new AwsRig.RecordingHeartbeat());
    aws.aws.faults().dropResponse("CopyImage", 1);
    LocationImage sameCopy = aws.untilReady(aws.target.replicate(primary, aws.at(AwsRig.REPLICA), new AwsRig.RecordingHeartbeat()));

    assertThat(sameCopy.resourceId()).isEqualTo(copy.resourceId());
    assertThat(aws.aws.inventory().in(AwsRig.REPLICA)).filteredOn(i -> i.kind() == ResourceKind.IMAGE).hasSize(1);
  }

  @Test
  void publishingMakesEveryAmiAndSnapshotPublicAndPointsTheParameterAtIt() throws Exception {
    AwsRig aws = rig();
    LocationImage primary = aws.uploaded();

    LocationImage published = aws.target.publish(primary);

    String parameter = "/image-release/42/Cloud_Base/x86_64/latest";
    assertThat(published.attributes()).containsEntry(AwsTarget.SSM_PARAMETER, parameter);
    assertThat(aws.clients().ssm(AwsRig.PRIMARY).getParameter(b -> b.name(parameter)).parameter().value()).isEqualTo(primary.resourceId());
    var ec2 = aws.clients().ec2(AwsRig.PRIMARY);
    assertThat(ec2.describeImageAttribute(b -> b.imageId(primary.resourceId()).attribute("launchPermission")).launchPermissions())
        .anySatisfy(p -> assertThat(p.groupAsString()).isEqualTo("all"));
    String snapshot = primary.attributes().get(AwsTarget.SNAPSHOT_ID);
    assertThat(ec2.describeSnapshotAttribute(b -> b.snapshotId(snapshot).attribute("createVolumePermission")).createVolumePermissions())
        .anySatisfy(p -> assertThat(p.groupAsString()).isEqualTo("all"));
  }

  @Test
  void unpublishingPutsTheParameterBackToThePreviousAmiAndTheAmiPrivate() throws Exception {
    AwsRig aws = rig(c -> withSsmParameter(c, "/image-release/{release}/{subvariant}/latest"));
    String parameter = "/image-release/42/Cloud_Base/latest";
    var previous = aws.otherArch(AwsRig.PRIMARY);
    LocationImage previousImage = aws.target.publish(aws.untilReady(aws.target.upload(previous, aws.source(previous), new AwsRig.RecordingHeartbeat())));
    LocationImage primary = aws.uploaded();
    aws.target.publish(primary);
    assertThat(ssmValue(aws, parameter)).isEqualTo(primary.resourceId());

    aws.target.unpublish(aws.at(AwsRig.PRIMARY));

    assertThat(ssmValue(aws, parameter)).isEqualTo(previousImage.resourceId());
    assertThat(aws.clients().ec2(AwsRig.PRIMARY).describeImageAttribute(b -> b.imageId(primary.resourceId()).attribute("launchPermission")).launchPermissions())
        .isEmpty();
  }

  @Test
  void unpublishingTheFirstAmiANameEverPointedAtRemovesTheParameter() throws Exception {
    AwsRig aws = rig();
    aws.target.publish(aws.uploaded());

    aws.target.unpublish(aws.at(AwsRig.PRIMARY));

    assertThat(aws.aws.inventory().of(ResourceKind.PARAMETER)).isEmpty();
  }

  @Test
  void aRegionThatBlocksPublicSharingFailsThePreflightBeforeAnythingIsUploaded() throws Exception {
    AwsRig aws = rig();
    aws.aws.setImageBlockPublicAccess(AwsRig.REPLICA, true);

    assertThatThrownBy(() -> aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("aws ec2 disable-image-block-public-access --region eu-west-1");
    assertThat(aws.aws.callCount("StartSnapshot")).isZero();
  }

  @Test
  void aFullPublicAmiQuotaFailsThePreflight() throws Exception {
    AwsRig aws = rig(c -> withQuota(c, 1));
    aws.target.publish(aws.uploaded());
    var other = aws.otherArch(AwsRig.PRIMARY);

    assertThatThrownBy(() -> aws.target.upload(other, aws.source(other), new AwsRig.RecordingHeartbeat()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("already has 1 public AMIs, the quota of 1");
  }

  @Test
  void throttlingAndServerErrorsAreOutlasted() throws Exception {
    AwsRig aws = rig();
    aws.aws.faults().throttle("PutSnapshotBlock", 3).failWith("DescribeImages", 503, 2).throttle("RegisterImage", 1);

    LocationImage image = aws.uploaded();

    assertThat(image.resourceId()).startsWith("ami-");
  }

  @Test
  void accessDeniedFailsAtOnceNamingAwsErrorCode() throws Exception {
    AwsRig aws = rig();
    aws.aws.faults().failWithError("StartSnapshot", 403, "AccessDeniedException", 1);

    assertThatThrownBy(() -> aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("AccessDeniedException");
  }

  @Test
  void aWorkerWithoutCredentialsFailsBeforeAnythingIsUploadedSayingWhereTheyAreLookedFor() throws Exception {
    AwsRig aws = rig();
    AwsCredentialsProvider none = () -> {
      throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
    };

    try (AwsClients clients = new AwsClients(aws.config, none)) {
      assertThatThrownBy(() -> aws.targetWith(clients).upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat()))
          .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
          .hasMessageContaining("No AWS credentials for " + aws.at(AwsRig.PRIMARY).imageName())
          .hasMessageContaining("AWS_ACCESS_KEY_ID")
          .hasMessageContaining("instance role");
    }
    assertThat(aws.aws.callCount("StartSnapshot")).isZero();
  }

  @Test
  void credentialsAwsRejectsFailThePreflightNamingTheErrorAndTheAccountIsLogged() throws Exception {
    AwsRig aws = rig();
    aws.aws.faults().failWithError("GetCallerIdentity", 403, "InvalidClientTokenId", 1);

    assertThatThrownBy(() -> aws.target.upload(aws.at(AwsRig.PRIMARY), aws.source(), new AwsRig.RecordingHeartbeat()))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("AWS rejected the worker's credentials")
        .hasMessageContaining("InvalidClientTokenId")
        .hasMessageNotContaining("local-secret");
    assertThat(aws.aws.callCount("StartSnapshot")).isZero();
    assertThat(new AwsAccount(aws.clients()).verify(AwsRig.PRIMARY, "a test")).as("the next check passes").isEqualTo("123456789012");
  }

  @Test
  void withdrawingAndCleaningUpLeaveNothingInAnyRegion() throws Exception {
    AwsRig aws = rig();
    LocationImage primary = aws.uploaded();
    aws.untilReady(aws.target.replicate(primary, aws.at(AwsRig.REPLICA), new AwsRig.RecordingHeartbeat()));
    aws.target.publish(primary);

    aws.target.withdraw(aws.at(AwsRig.REPLICA));
    aws.target.withdraw(aws.at(AwsRig.PRIMARY));
    aws.target.cleanUp(new CleanupRequest(AwsRig.RELEASE_ID, AwsRig.COMPOSE_ID, AwsTarget.NAME, List.of(AwsRig.PRIMARY, AwsRig.REPLICA)));

    assertThat(aws.aws.inventory().live()).as(aws.aws.inventory().format()).noneMatch(i -> i.kind() != ResourceKind.PARAMETER);
    assertThat(aws.aws.inventory().live()).noneMatch(i -> i.kind() == ResourceKind.PARAMETER && i.detail().startsWith("ami-"));
  }

  @Test
  void theShippedIamPolicyAllowsEveryCallAWholeReleaseAndItsUndoMake() throws Exception {
    AwsRig aws = rig();
    LocationImage primary = aws.uploaded();
    LocationImage copy = aws.untilReady(aws.target.replicate(primary, aws.at(AwsRig.REPLICA), new AwsRig.RecordingHeartbeat()));
    aws.target.publish(primary);
    aws.target.publish(copy);
    aws.target.unpublish(aws.at(AwsRig.REPLICA));
    aws.target.withdraw(aws.at(AwsRig.REPLICA));
    aws.target.withdraw(aws.at(AwsRig.PRIMARY));
    aws.target.cleanUp(new CleanupRequest(AwsRig.RELEASE_ID, AwsRig.COMPOSE_ID, AwsTarget.NAME, List.of()));
    new AwsSweep(aws.config).find(compose -> AwsSweep.Fate.UNKNOWN, false);

    var policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Path.of("../deploy/aws/iam-policy.json").toFile());
    java.util.Set<String> allowed = new java.util.TreeSet<>();
    policy.get("Statement").forEach(statement -> {
      var action = statement.get("Action");
      if (action.isArray()) {
        action.forEach(a -> allowed.add(a.asText()));
      } else {
        allowed.add(action.asText());
      }
    });
    java.util.Set<String> called = new java.util.TreeSet<>();
    aws.aws.calls().forEach(call -> called.add(call.service() + ":" + call.operation()));
    // AWS: "No permissions are required to perform this operation."
    assertThat(called.remove("sts:GetCallerIdentity")).as("the preflight checked the credentials").isTrue();

    assertThat(called).as("every call the AWS target made").isNotEmpty().allSatisfy(action -> assertThat(allowed).contains(action));
  }

  @Test
  void zeroBlocksAreSentTooWhenTheAccountEncryptsByDefault() throws Exception {
    AwsRig aws = rig(c -> withZeroBlocks(c));

    aws.uploaded();

    assertThat(aws.aws.callCount("PutSnapshotBlock")).isEqualTo(aws.blocks());
  }

  private static AwsConfig withQuota(AwsConfig c, int quota) {
    return new AwsConfig(c.enabled(), c.primaryRegion(), c.regions(), c.selection(), c.testcases(), c.ami(), c.upload(),
        new AwsConfig.PublishSettings(c.publish().ssmParameter(), quota), c.smokeTest(), c.endpoint(), c.tags(), c.callTimeout(), c.pollInterval());
  }

  private static AwsConfig withZeroBlocks(AwsConfig c) {
    return new AwsConfig(c.enabled(), c.primaryRegion(), c.regions(), c.selection(), c.testcases(), c.ami(),
        new AwsConfig.UploadSettings(c.upload().parallelism(), true, c.upload().snapshotTimeout()), c.publish(), c.smokeTest(), c.endpoint(), c.tags(),
        c.callTimeout(), c.pollInterval());
  }

  private static AwsConfig withSsmParameter(AwsConfig c, String template) {
    return new AwsConfig(c.enabled(), c.primaryRegion(), c.regions(), c.selection(), c.testcases(), c.ami(), c.upload(),
        new AwsConfig.PublishSettings(template, c.publish().publicAmiQuota()), c.smokeTest(), c.endpoint(), c.tags(), c.callTimeout(), c.pollInterval());
  }

  private static String ssmValue(AwsRig aws, String parameter) {
    return aws.clients().ssm(AwsRig.PRIMARY).getParameter(b -> b.name(parameter)).parameter().value();
  }
}
