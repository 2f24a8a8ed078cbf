package org.imagerelease.worker;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.concurrent.TimeUnit;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseSettings;
import org.imagerelease.workflows.model.ReleaseStatus;

/**
 * The time-skipping test server with a real worker of a given configuration: one release of one
 * compose, run to its end. For the whole-path tests of a target.
 */
final class OneReleaseOnTestServer implements AutoCloseable {
  private final TestWorkflowEnvironment temporal;
  private ReleaseWorker worker;

  OneReleaseOnTestServer() {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build());
    ReleaseSearchAttributes.ALL.forEach(key -> options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    temporal = TestWorkflowEnvironment.newInstance(options.build());
  }

  /** Starts a worker of {@code config}, releases the compose through the gate and policy given, and returns its end. */
  ReleaseStatus release(ImageReleaseConfig config, WorkerExtras extras, ComposeRef compose, GateSettings gate, RegionFailurePolicy regionFailure)
      throws Exception {
    WorkflowClient client = temporal.getWorkflowClient();
    worker = ReleaseWorker.start(client, config, extras);
    ImageReleaseWorkflow release =
        client.newWorkflowStub(
            ImageReleaseWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(ReleaseIds.workflowId(compose.composeId())).setTaskQueue(ImageReleaseWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(
        release::release, new ReleaseSettings(gate, config.releaseSettings().timeouts(), regionFailure).requestFor(compose, "whole-path test"));
    return WorkflowStub.fromTyped(release).getResult(150, TimeUnit.SECONDS, ReleaseStatus.class);
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.stopGracefully();
    }
    temporal.close();
  }
}
