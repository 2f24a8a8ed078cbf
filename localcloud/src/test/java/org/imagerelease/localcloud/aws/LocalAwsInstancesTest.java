package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** A smoke-test instance on {@link LocalAws} through the AWS SDK's Ec2Client. */
class LocalAwsInstancesTest {
  private static final String REGION = "us-west-2";

  private LocalAws aws;
  private LocalAwsClients clients;
  private Ec2Client ec2;
  private String imageId;

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20))
        .withConsoleMarker("image-release smoke test: booted"));
    aws = clients.aws();
    ec2 = clients.ec2WithoutRetries(REGION);
    imageId = AwsFixtures.register(ec2, "Fedora-42-smoke", uploadedSnapshot());
    AwsFixtures.awaitAvailable(ec2, imageId);
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void instanceRunsPassesItsStatusChecksShowsTheMarkerAndTerminates() {
    RunInstancesRequest run = RunInstancesRequest.builder().imageId(imageId).minCount(1).maxCount(1)
        .instanceType("t3.small").subnetId("subnet-0abc").clientToken("smoke-release-1-x86_64")
        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("Name").value("image-release smoke test").build()).build())
        .build();
    Instance launched = ec2.runInstances(run).instances().get(0);
    assertThat(launched.state().name()).isEqualTo(InstanceStateName.PENDING);
    assertThat(launched.metadataOptions().httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
    // A retried launch with the same token is the same instance.
    assertThat(ec2.runInstances(run).instances().get(0).instanceId()).isEqualTo(launched.instanceId());
    String id = launched.instanceId();

    LocalAwsClients.await("running", () -> describe(id).state().name() == InstanceStateName.RUNNING);
    LocalAwsClients.await("status checks ok", () -> {
      var statuses = ec2.describeInstanceStatus(b -> b.instanceIds(id)).instanceStatuses();
      return !statuses.isEmpty() && statuses.get(0).systemStatus().status() == SummaryStatus.OK
          && statuses.get(0).instanceStatus().status() == SummaryStatus.OK;
    });
    InstanceStatus status = ec2.describeInstanceStatus(b -> b.instanceIds(id)).instanceStatuses().get(0);
    assertThat(status.instanceStatus().details().get(0).statusAsString()).isEqualTo("passed");
    LocalAwsClients.await("marker on the console", () -> console(id).contains("image-release smoke test: booted"));

    var change = ec2.terminateInstances(b -> b.instanceIds(id)).terminatingInstances().get(0);
    assertThat(change.previousState().name()).isEqualTo(InstanceStateName.RUNNING);
    assertThat(change.currentState().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
    LocalAwsClients.await("terminated", () -> describe(id).state().name() == InstanceStateName.TERMINATED);
    assertThat(ec2.describeInstanceStatus(b -> b.instanceIds(id)).instanceStatuses()).isEmpty();
    assertThat(aws.inventory().live()).extracting(InventoryItem::kind)
        .doesNotContain(ResourceKind.INSTANCE);
    assertThat(ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:Name")
        .values("image-release smoke*").build())).reservations()).hasSize(1);
  }

  @Test
  void theSdksOwnWaitersSeeEveryStateChange() {
    Ec2Waiter waiter = AwsFixtures.waiter(ec2);
    String id = ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1)).instances().get(0).instanceId();
    waiter.waitUntilInstanceRunning(b -> b.instanceIds(id)).matched().exception()
        .ifPresent(e -> { throw new AssertionError(e); });
    waiter.waitUntilInstanceStatusOk(b -> b.instanceIds(id)).matched().exception()
        .ifPresent(e -> { throw new AssertionError(e); });
    waiter.waitUntilSystemStatusOk(b -> b.instanceIds(id)).matched().exception()
        .ifPresent(e -> { throw new AssertionError(e); });
    ec2.terminateInstances(b -> b.instanceIds(id));
    assertThat(waiter.waitUntilInstanceTerminated(b -> b.instanceIds(id)).matched().response())
        .isPresent();
  }

  @Test
  void launchNeedsAnAvailableImage() {
    assertThatThrownBy(() -> ec2.runInstances(b -> b.imageId("ami-0123456789abcdef0").minCount(1).maxCount(1)))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidAMIID.NotFound"));
    aws.reconfigure(config -> config.withDelays(config.delays().withImageAvailable(Duration.ofHours(1))));
    String pending = AwsFixtures.register(ec2, "Fedora-42-pending", uploadedSnapshot());
    assertThatThrownBy(() -> ec2.runInstances(b -> b.imageId(pending).minCount(1).maxCount(1)))
        .satisfies(e -> assertThat(AwsFixtures.code(e)).isEqualTo("InvalidAMIID.Unavailable"));
  }

  @Test
  void consoleIsEmptyBeforeBootAndWithoutTheMarkerUntilItIsThere() {
    aws.reconfigure(config -> config.withDelays(config.delays().withConsoleOutput(Duration.ofHours(1))));
    String id = ec2.runInstances(b -> b.imageId(imageId).minCount(1).maxCount(1)).instances().get(0).instanceId();
    LocalAwsClients.await("running", () -> describe(id).state().name() == InstanceStateName.RUNNING);
    assertThat(console(id)).contains("Linux version").doesNotContain("smoke test: booted");
    aws.advanceClock(Duration.ofHours(1));
    assertThat(console(id)).contains("image-release smoke test: booted");
  }

  private Instance describe(String id) {
    return ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
  }

  private String console(String id) {
    String output = ec2.getConsoleOutput(b -> b.instanceId(id)).output();
    return output == null ? "" : new String(Base64.getDecoder().decode(output), StandardCharsets.UTF_8);
  }

  private String uploadedSnapshot() {
    return AwsFixtures.uploadedSnapshot(clients, REGION, 1);
  }
}
