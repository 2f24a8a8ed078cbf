package org.imagerelease.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.activities.mirror.MirrorSettings;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real mirror target, on a real worker, with one of its two roots broken for good: under the
 * default region-failure policy the release ends RELEASED at the root that works and reports the
 * other. Time skips, so the hour of retries the policy allows passes at once.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MirrorRootFailingTest {
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";

  @TempDir Path dir;
  private TestWorkflowEnvironment temporal;

  @AfterEach
  void stopServer() {
    temporal.close();
  }

  @Test
  void aReplicaRootThatKeepsFailingIsSkippedAndTheReleaseEndsReleasedUnderTheDefaultPolicy() throws Exception {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build());
    ReleaseSearchAttributes.ALL.forEach(key -> options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    temporal = TestWorkflowEnvironment.newInstance(options.build());
    Path primary = Files.createDirectories(dir.resolve("primary"));
    Path broken = Files.createDirectories(dir.resolve("broken"));
    // Its staging area is a file, so nothing can ever be staged there: every copy fails.
    Files.writeString(broken.resolve(".staging"), "not a directory");
    ImageReleaseConfig config =
        new ConfigLoader(Map.of())
            .defaults()
            .withComposeSources(ComposeSources.localOnly())
            .withTarget(
                new MirrorConfig(
                    true,
                    new MirrorSettings(List.of(new MirrorRoot("primary", primary, ""), new MirrorRoot("broken", broken, ""))),
                    SelectionRule.mirrorDefault()));
    WorkflowClient client = temporal.getWorkflowClient();
    ReleaseWorker worker = ReleaseWorker.start(client, config, WorkerExtras.none());
    try {
      ImageReleaseWorkflow release =
          client.newWorkflowStub(
              ImageReleaseWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(ReleaseIds.workflowId(COMPOSE_ID))
                  .setTaskQueue(ImageReleaseWorkflow.TASK_QUEUE)
                  .build());
      ComposeRef compose = new ComposeRef(COMPOSE_ID, ComposeWithOneImage.write(dir.resolve("compose"), COMPOSE_ID).toString());
      WorkflowClient.start(release::release, config.releaseSettings().withGate(GateSettings.none()).requestFor(compose, "mirror root test"));

      ReleaseStatus end = WorkflowStub.fromTyped(release).getResult(90, TimeUnit.SECONDS, ReleaseStatus.class);

      assertThat(end.stage()).as("last error: %s", end.lastError()).isEqualTo(ReleaseStage.RELEASED);
      assertThat(end.images().get(0).locations())
          .extracting(LocationStatus::location, LocationStatus::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("primary", LocationState.PUBLISHED),
              org.assertj.core.groups.Tuple.tuple("broken", LocationState.SKIPPED));
      assertThat(end.images().get(0).locations().get(1).detail()).contains("skipped after").contains(".staging");
      assertThat(primary.resolve(COMPOSE_ID).resolve(ComposeWithOneImage.IMAGE_PATH)).isRegularFile();
      assertThat(broken.resolve(COMPOSE_ID)).doesNotExist();
      assertThat(config.regionFailure().retryBudget()).as("the default policy").isEqualTo(Duration.ofHours(1));
    } finally {
      worker.stopGracefully();
    }
  }
}
