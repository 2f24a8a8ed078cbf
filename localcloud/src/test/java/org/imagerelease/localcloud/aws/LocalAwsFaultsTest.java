package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.EbsException;
import software.amazon.awssdk.services.ebs.model.InternalServerException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Faults on demand: each service's own throttling error and 5xx as the SDK sees them (retries
 * off), survived with the SDK's retries (counted), lost connections and lost answers, latency,
 * and faults in one region only.
 */
class LocalAwsFaultsTest {
  private static final String REGION = "eu-west-1";

  private LocalAws aws;
  private LocalAwsClients clients;

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)));
    aws = clients.aws();
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void eachServiceThrottlesWithItsOwnErrorWhichTheSdkKnowsAsThrottling() {
    aws.faults().throttle(AwsFaults.ANY_OPERATION, 3);

    assertThatThrownBy(() -> clients.ec2WithoutRetries(REGION).describeImages(b -> b.owners("self")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
          assertThat(e.statusCode()).isEqualTo(503);
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThatThrownBy(() -> clients.ebsWithoutRetries(REGION).startSnapshot(b -> b.volumeSize(1L)))
        .isInstanceOfSatisfying(EbsException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestThrottledException");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThatThrownBy(() -> clients.ssmWithoutRetries(REGION).getParameter(b -> b.name("/x")))
        .isInstanceOfSatisfying(SsmException.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
          assertThat(e.isThrottlingException()).isTrue();
        });
    assertThat(aws.inventory().resources()).isEmpty();

    // With its retries, the SDK waits and tries again until the throttling ends.
    aws.faults().throttle("DescribeParameters", 2);
    aws.forgetCalls();
    clients.ssm(REGION).describeParameters(b -> { });
    assertThat(aws.calls()).extracting(AwsCall::status).containsExactly(400, 400, 200);
  }

  @Test
  void serverErrorsReachTheCallerWithoutRetriesAndAreSurvivedWithThem() {
    aws.faults().failWith("StartSnapshot", 503, 1).failWith("StartSnapshot", 500, 1);
    EbsClient once = clients.ebsWithoutRetries(REGION);
    assertThatThrownBy(() -> once.startSnapshot(b -> b.volumeSize(1L)))
        .isInstanceOfSatisfying(EbsException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    assertThatThrownBy(() -> once.startSnapshot(b -> b.volumeSize(1L)))
        .isInstanceOf(InternalServerException.class);

    aws.faults().failWith("DescribeImages", 503, 2);
    aws.forgetCalls();
    clients.ec2(REGION).describeImages(b -> b.owners("self"));
    assertThat(aws.callCount("DescribeImages")).isEqualTo(3);
    assertThat(aws.calls()).extracting(AwsCall::status).containsExactly(503, 503, 200);
  }

  @Test
  void aLostAnswerRetriedWithTheSameClientTokenMakesOneSnapshot() {
    aws.faults().dropResponse("StartSnapshot", 1);
    // The SDK fills in a ClientToken once per call and its retries reuse it.
    String snapshotId = clients.ebs(REGION).startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    assertThat(aws.callCount("StartSnapshot")).isEqualTo(2);
    assertThat(aws.inventory().of(ResourceKind.SNAPSHOT)).extracting(InventoryItem::id)
        .containsExactly(snapshotId);

    aws.faults().resetConnection("DescribeSnapshots", 1);
    assertThat(clients.ec2(REGION).describeSnapshots(b -> b.ownerIds("self")).snapshots()).hasSize(1);
    assertThatThrownBy(() -> {
      aws.faults().resetConnection("DescribeSnapshots", 1);
      clients.ec2WithoutRetries(REGION).describeSnapshots(b -> b.ownerIds("self"));
    }).isInstanceOf(SdkClientException.class);
  }

  @Test
  void anyErrorCodeCanBeInjectedInTheServicesShape() {
    EbsClient ebs = clients.ebsWithoutRetries(REGION);
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    // The race AWS is known for: the snapshot just started is not found yet.
    aws.faults().failWithError("PutSnapshotBlock", 404, "ResourceNotFoundException", 1);
    byte[] block = new SnapshotBlocks().add(0);
    Runnable put = () -> ebs.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(0)
        .dataLength(SnapshotBlocks.SIZE).checksum(SnapshotBlocks.checksum(block))
        .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(block));
    assertThatThrownBy(put::run).isInstanceOf(ResourceNotFoundException.class);
    put.run();

    aws.faults().failWithError("RegisterImage", 403, "UnauthorizedOperation", 1);
    assertThatThrownBy(() -> clients.ec2WithoutRetries(REGION).registerImage(b -> b.name("denied")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
          assertThat(e.statusCode()).isEqualTo(403);
        });
  }

  @Test
  void addedLatencyHoldsTheAnswer() {
    aws.faults().addLatency("PutParameter", Duration.ofSeconds(5));
    SsmClient impatient = clients.ssmWithTimeout(REGION, Duration.ofMillis(200));
    assertThatThrownBy(() -> impatient.putParameter(b -> b.name("/slow").value("v")
        .type(ParameterType.STRING))).isInstanceOf(ApiCallAttemptTimeoutException.class);
    aws.faults().clear();
    impatient.putParameter(b -> b.name("/fast").value("v").type(ParameterType.STRING));
  }

  @Test
  void aFaultInOneRegionLeavesTheOthersAlone() {
    aws.faults().inRegion("ap-northeast-1").failWith(AwsFaults.ANY_OPERATION, 500, AwsFaults.ALWAYS);
    Ec2Client broken = clients.ec2WithoutRetries("ap-northeast-1");
    assertThatThrownBy(() -> broken.describeImages(b -> b.owners("self")))
        .isInstanceOfSatisfying(Ec2Exception.class, e -> {
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalError");
          assertThat(e.statusCode()).isEqualTo(500);
        });
    assertThat(clients.ec2WithoutRetries(REGION).describeImages(b -> b.owners("self")).images()).isEmpty();
  }
}
