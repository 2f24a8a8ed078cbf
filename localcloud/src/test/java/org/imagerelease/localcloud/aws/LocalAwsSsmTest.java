package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterHistory;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** SSM Parameter Store on {@link LocalAws} through the AWS SDK's SsmClient. */
class LocalAwsSsmTest {
  private static final String REGION = "ap-southeast-2";
  private static final String LATEST = "/fedora/42/cloud-base/x86_64/latest";

  private LocalAws aws;
  private LocalAwsClients clients;
  private SsmClient ssm;

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(20)));
    aws = clients.aws();
    ssm = clients.ssmWithoutRetries(REGION);
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void putGetOverwriteAndHistory() {
    assertThat(ssm.putParameter(b -> b.name("/fedora/release").value("41").type(ParameterType.STRING))
        .version()).isEqualTo(1L);
    assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/fedora/release").value("42")))
        .isInstanceOf(ParameterAlreadyExistsException.class);
    assertThat(ssm.putParameter(b -> b.name("/fedora/release").value("42").overwrite(true))
        .version()).isEqualTo(2L);

    var parameter = ssm.getParameter(b -> b.name("/fedora/release")).parameter();
    assertThat(parameter.value()).isEqualTo("42");
    assertThat(parameter.version()).isEqualTo(2L);
    assertThat(parameter.dataType()).isEqualTo("text");
    assertThat(parameter.arn()).isEqualTo("arn:aws:ssm:" + REGION + ":123456789012:parameter/fedora/release");
    assertThat(ssm.getParameter(b -> b.name("/fedora/release:1")).parameter().value()).isEqualTo("41");
    assertThat(ssm.getParameterHistory(b -> b.name("/fedora/release")).parameters())
        .extracting(ParameterHistory::version, ParameterHistory::value)
        .containsExactly(tuple(1L, "41"),
            tuple(2L, "42"));
    var both = ssm.getParameters(b -> b.names("/fedora/release", "/fedora/none"));
    assertThat(both.parameters()).hasSize(1);
    assertThat(both.invalidParameters()).containsExactly("/fedora/none");
    assertThat(ssm.describeParameters(b -> b.parameterFilters(ParameterStringFilter.builder()
        .key("Path").option("Recursive").values("/fedora").build())).parameters())
        .extracting(ParameterMetadata::name).containsExactly("/fedora/release");

    ssm.deleteParameter(b -> b.name("/fedora/release"));
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/fedora/release")))
        .isInstanceOf(ParameterNotFoundException.class);
    assertThat(aws.inventory().events()).extracting(ResourceEvent::change).containsExactly(
        ResourceEvent.Change.CREATED, ResourceEvent.Change.UPDATED, ResourceEvent.Change.DELETED);
  }

  @Test
  void imageParameterNamingAnAvailableAmiIsWritten() {
    String imageId = availableImage();
    PutParameterRequest put = PutParameterRequest.builder().name(LATEST).value(imageId)
        .type(ParameterType.STRING).dataType("aws:ec2:image").build();
    assertThat(ssm.putParameter(put).version()).isEqualTo(1L);
    LocalAwsClients.await("validated and written", () -> {
      try {
        return ssm.getParameter(b -> b.name(LATEST)).parameter().value().equals(imageId);
      } catch (ParameterNotFoundException e) {
        return false;
      }
    });
    assertThat(ssm.getParameter(b -> b.name(LATEST)).parameter().dataType()).isEqualTo("aws:ec2:image");
    assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/fedora/other").value(imageId)
        .type(ParameterType.STRING_LIST).dataType("aws:ec2:image")))
        .isInstanceOfSatisfying(SsmException.class, e ->
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
  }

  @Test
  void imageParameterNamingNoAvailableAmiIsSilentlyNotWritten() {
    String imageId = availableImage();
    ssm.putParameter(b -> b.name(LATEST).value(imageId).type(ParameterType.STRING)
        .dataType("aws:ec2:image"));
    LocalAwsClients.await("first value written", () -> aws.inventory()
        .events(ResourceEvent.Change.CREATED).stream().anyMatch(e -> e.id().equals(LATEST)));

    // AWS answers 200 and a version, then drops the write when validation fails.
    long version = ssm.putParameter(b -> b.name(LATEST).value("ami-0123456789abcdef0")
        .type(ParameterType.STRING).dataType("aws:ec2:image").overwrite(true)).version();
    assertThat(version).isEqualTo(2L);
    LocalAwsClients.await("write dropped", () -> !aws.inventory().events(ResourceEvent.Change.DROPPED).isEmpty());
    var parameter = ssm.getParameter(b -> b.name(LATEST)).parameter();
    assertThat(parameter.value()).isEqualTo(imageId);
    assertThat(parameter.version()).isEqualTo(1L);
    assertThat(aws.inventory().events(ResourceEvent.Change.DROPPED).get(0).detail())
        .contains("no AMI ami-0123456789abcdef0");

    ssm.putParameter(b -> b.name("/fedora/typo").value("not-an-ami").type(ParameterType.STRING)
        .dataType("aws:ec2:image"));
    LocalAwsClients.await("second write dropped", () -> aws.inventory().events(ResourceEvent.Change.DROPPED).size() == 2);
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/fedora/typo")))
        .isInstanceOf(ParameterNotFoundException.class);
  }

  private String availableImage() {
    Ec2Client ec2 = clients.ec2(REGION);
    String imageId = AwsFixtures.register(ec2, "Fedora-42-ssm",
        AwsFixtures.uploadedSnapshot(clients, REGION, 1));
    AwsFixtures.awaitAvailable(ec2, imageId);
    return imageId;
  }
}
