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
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseWorkerTest {
  private static final String COMPOSE_ID = "Fedora-42-20261124.n.0";

  @TempDir Path dir;
  private TestWorkflowEnvironment temporal;
  private ImageReleaseConfig config;

  @BeforeEach
  void startServer() throws Exception {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setUseTimeskipping(false)
            .setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build());
    ReleaseSearchAttributes.ALL.forEach(
        key -> options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    temporal = TestWorkflowEnvironment.newInstance(options.build());
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    config =
        new ConfigLoader(Map.of())
            .defaults()
            .withComposeSources(ComposeSources.localOnly())
            .withTarget(
                new MirrorConfig(
                    true, new MirrorSettings(List.of(new MirrorRoot("local", mirror, ""))), SelectionRule.mirrorDefault()));
  }

  @AfterEach
  void stopServer() {
    temporal.close();
  }

  /**
   * The server holds the release's next workflow task for the worker that ran the last one only
   * if that worker asked for sticky execution; the embedded test server never hands such a task
   * to anyone else, so the release would wait for the stopped worker forever.
   */
  @Test
  void workflowTasksGetTheConfiguredSlackBeforeTheSdkCallsThemDeadlocked() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(java.util.Optional.empty());

    assertThat(ReleaseWorker.options(config, 8).getDefaultDeadlockDetectionTimeout()).isEqualTo(10_000L);
  }

  @Test
  void releaseGoesOnOnAnotherWorkerOnceItsWorkerStopped() throws Exception {
    WorkflowClient client = temporal.getWorkflowClient();
    ReleaseWorker first = ReleaseWorker.start(client, config, WorkerExtras.none());
    ImageReleaseWorkflow release =
        client.newWorkflowStub(
            ImageReleaseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReleaseIds.workflowId(COMPOSE_ID))
                .setTaskQueue(ImageReleaseWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(
        release::release,
        new ReleaseRequest(
            new ComposeRef(COMPOSE_ID, ComposeWithOneImage.write(dir.resolve("compose"), COMPOSE_ID).toString()),
            new GateSettings(GatePolicy.APPROVAL, Duration.ofHours(1), List.of()),
            null,
            "release worker test"));
    awaitStage(release, ReleaseStage.AWAITING_APPROVAL);

    first.stopGracefully();
    ReleaseWorker second = ReleaseWorker.start(client, config, WorkerExtras.none());
    try {
      release.approvePromotion(new Decision("alice", "looks good"));
      ReleaseStatus end =
          WorkflowStub.fromTyped(release).getResult(30, TimeUnit.SECONDS, ReleaseStatus.class);

      assertThat(end.stage()).isEqualTo(ReleaseStage.RELEASED);
    } finally {
      second.stopGracefully();
    }
  }

  private static void awaitStage(ImageReleaseWorkflow release, ReleaseStage stage) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (release.status().stage() != stage) {
      assertThat(System.nanoTime()).as("time left to reach %s", stage).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
