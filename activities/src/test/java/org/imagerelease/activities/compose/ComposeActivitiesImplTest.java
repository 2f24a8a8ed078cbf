package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleasePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeActivitiesImplTest {
  @TempDir Path compose;

  private final List<TargetSettings> targets =
      List.of(
          new TargetSettings("aws", "us-east-1", List.of(), true, SelectionRule.awsDefault()),
          new TargetSettings("azure", "eastus", List.of(), false, SelectionRule.azureDefault()),
          new TargetSettings("mirror", "primary", List.of(), true, SelectionRule.mirrorDefault()));
  private final ComposeActivitiesImpl activities =
      new ComposeActivitiesImpl(new ComposePlanner(ComposeReader.withDefaults(ComposeSources.anywhere())), targets);

  @Test
  void plansTheEnabledTargetsOfAComposeOnDisk() throws IOException {
    writeMetadata(SampleComposeJson.fedora41());

    ReleasePlan plan =
        activities.resolvePlan(new ComposeRef(SampleComposeJson.COMPOSE_ID, compose.toString()));

    assertThat(plan.targets()).containsExactly("aws", "mirror");
    assertThat(plan.images()).hasSize(2 + 8);
  }

  @Test
  void failsNonRetryablyWithTheFailureTypeOfBadMetadata() throws IOException {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("size", -1);
    writeMetadata(sample);

    assertThatThrownBy(
            () ->
                activities.resolvePlan(
                    new ComposeRef(SampleComposeJson.COMPOSE_ID, compose.toString())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .contains("field 'size' must not be negative");
            });
  }

  @Test
  void failsNonRetryablyWhenTheComposeIsNotThere() {
    assertThatThrownBy(
            () ->
                activities.resolvePlan(
                    new ComposeRef(
                        SampleComposeJson.COMPOSE_ID, compose.resolve("gone").toString())))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(ReleaseFailureTypes.COMPOSE_NOT_FOUND);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  private void writeMetadata(SampleComposeJson sample) throws IOException {
    Files.createDirectories(compose.resolve("metadata"));
    Files.write(compose.resolve("metadata/images.json"), sample.bytes());
  }
}
