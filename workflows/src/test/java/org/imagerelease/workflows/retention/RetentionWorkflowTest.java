package org.imagerelease.workflows.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retention run on the in-process test server, its activities faked. */
class RetentionWorkflowTest {
  private static final String QUEUE = "retention-test";
  private static final RetentionItem OLD = new RetentionItem("azure", "gallery-version", "Fedora-Cloud-41-x64", "41.20241001.0", "end of life passed");
  private static final RetentionItem STUCK = new RetentionItem("azure", "gallery-version", "Fedora-Cloud-41-x64", "41.20241002.0", "beyond latest excluded");
  private static final RetentionItem BLOB = new RetentionItem("azure", "upload-blob", "uploads", "Fedora-41-20241001.0/a.vhd", "uploaded 9 days ago");

  private TestWorkflowEnvironment temporal;
  private final FakeRetention activities = new FakeRetention();

  @BeforeEach
  void start() {
    temporal = TestWorkflowEnvironment.newInstance(
        io.temporal.testing.TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build());
    Worker worker = temporal.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(RetentionWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    temporal.start();
  }

  @AfterEach
  void stop() {
    temporal.close();
  }

  @Test
  void aDryRunPlansAndRemovesNothing() {
    RetentionReport report = run(true);

    assertThat(report.dryRun()).isTrue();
    assertThat(report.plan()).isEqualTo("the plan\n");
    assertThat(report.removed()).isEmpty();
    assertThat(activities.removed).isEmpty();
  }

  @Test
  void anItemThatCannotBeRemovedIsReportedAndTheRestRemoved() {
    RetentionReport report = run(false);

    assertThat(report.removed()).containsExactly(OLD, BLOB);
    assertThat(activities.removed).containsExactly(OLD, BLOB);
    assertThat(report.failed()).singleElement().satisfies(failure -> assertThat(failure).contains("41.20241002.0").contains("AuthorizationFailed"));
  }

  private RetentionReport run(boolean dryRun) {
    RetentionWorkflow workflow =
        temporal.getWorkflowClient().newWorkflowStub(
            RetentionWorkflow.class, WorkflowOptions.newBuilder().setWorkflowId(RetentionWorkflow.WORKFLOW_ID).setTaskQueue(QUEUE).build());
    return WorkflowClient.execute(workflow::run, new RetentionRequest(dryRun, "test")).join();
  }

  /** Plans three items; the second cannot be removed, as if a permission were missing. */
  static final class FakeRetention implements RetentionActivities {
    final List<RetentionItem> removed = new CopyOnWriteArrayList<>();

    @Override
    public RetentionPlanView planRetention() {
      return new RetentionPlanView("the plan\n", List.of(OLD, STUCK, BLOB));
    }

    @Override
    public void removeRetained(RetentionItem item) {
      if (item.equals(STUCK)) {
        throw ApplicationFailure.newNonRetryableFailure("AuthorizationFailed deleting " + item.name(), ReleaseFailureTypes.CONFIGURATION);
      }
      removed.add(item);
    }
  }
}
