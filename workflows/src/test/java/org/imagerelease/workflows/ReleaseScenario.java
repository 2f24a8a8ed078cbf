package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.ReleaseTimeouts;
import org.imagerelease.workflows.model.TestResult;

/**
 * One release on the time-skipping test server with in-memory activities. Scenarios read as
 * what happens: start, let the test system pass or fail the images, decide, read the result.
 */
final class ReleaseScenario implements AutoCloseable {
  static final String COMPOSE_ID = "Fedora-42-20261124.n.0";
  static final String TESTCASE = "compose.cloud_autocloud";
  /** The targets the fake compose plans images for. */
  static final List<String> TARGETS = List.of("mirror", "aws");
  /** Set -Dimagerelease.recordHistories=true to refresh the histories the replay test reads. */
  static final Path HISTORIES = Path.of("src/test/resources/histories");

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final FakeTargets targets = new FakeTargets();
  final FakeEvents events = new FakeEvents();
  final FakeCompose compose = new FakeCompose();
  final FakeResultsDb resultsDb = new FakeResultsDb();
  private ImageReleaseWorkflow release;

  ReleaseScenario() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build())
                .registerSearchAttribute("ComposeId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .registerSearchAttribute("ReleaseStage", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .build());
    Worker worker = env.newWorker(ImageReleaseWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ImageReleaseWorkflowImpl.class);
    worker.registerActivitiesImplementations(events, compose, resultsDb);
    // Target activities only on their targets' own queues, as a release worker serves them.
    for (String target : TARGETS) {
      env.newWorker(TargetQueues.calls(ImageReleaseWorkflow.TASK_QUEUE, target)).registerActivitiesImplementations(targets);
      env.newWorker(TargetQueues.transfers(ImageReleaseWorkflow.TASK_QUEUE, target)).registerActivitiesImplementations(targets);
    }
    env.start();
    client = env.getWorkflowClient();
  }

  static ReleaseRequest request(GatePolicy policy) {
    List<String> testcases = policy.needsTests() ? List.of(TESTCASE) : List.of();
    return new ReleaseRequest(
        new ComposeRef(COMPOSE_ID, "https://compose.example.test/" + COMPOSE_ID + "/compose"),
        new GateSettings(policy, Duration.ofHours(12), testcases),
        new ReleaseTimeouts(Duration.ofSeconds(2), Duration.ofMinutes(30), Duration.ofMinutes(5)),
        "scenario test");
  }

  /** A release with this region-failure policy. */
  static ReleaseRequest request(GatePolicy policy, RegionFailurePolicy regionFailure) {
    ReleaseRequest request = request(policy);
    return new ReleaseRequest(request.compose(), request.gate(), request.timeouts(), request.requestedBy(), regionFailure);
  }

  /** A release whose gate also asks ResultsDB (the fake) for results while it waits for tests. */
  static ReleaseRequest pollingRequest(GatePolicy policy) {
    ReleaseRequest request = request(policy);
    return new ReleaseRequest(
        request.compose(), request.gate().withPollInterval(Duration.ofSeconds(5)), request.timeouts(), request.requestedBy());
  }

  /** Starts the release without waiting for it. */
  ImageReleaseWorkflow start(ReleaseRequest request) {
    release =
        client.newWorkflowStub(
            ImageReleaseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReleaseIds.workflowId(request.compose().composeId()))
                .setTaskQueue(ImageReleaseWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(release::release, request);
    return release;
  }

  /** Plays a test system that reports this outcome for every image as soon as it is uploaded. */
  void testSystemReports(String outcome) {
    events.onEvent =
        event -> {
          if (event.kind() == ReleaseEventKind.IMAGE_UPLOADED) {
            String item = event.images().get(0).ref().imageName();
            signals().testResult(new TestResult(TESTCASE, item, outcome, "https://openqa.example.test/tests/1"));
          }
        };
  }

  ImageReleaseWorkflow signals() {
    return client.newWorkflowStub(ImageReleaseWorkflow.class, ReleaseIds.workflowId(COMPOSE_ID));
  }

  /** Polls the status query until the release reaches the stage (no time passes meanwhile). */
  ReleaseStatus awaitStage(ReleaseStage stage) throws InterruptedException {
    ReleaseStatus status = signals().status();
    for (int i = 0; i < 500 && status.stage() != stage; i++) {
      Thread.sleep(20);
      status = signals().status();
    }
    assertThat(status.stage()).as("stage reached").isEqualTo(stage);
    return status;
  }

  /** Waits for the end of the release (skipping time) and returns its final status. */
  ReleaseStatus result() {
    return WorkflowStub.fromTyped(release).getResult(ReleaseStatus.class);
  }

  /** Saves the history of this run for the replay test, when asked to. */
  void recordHistory(String name) throws IOException {
    if (Boolean.getBoolean("imagerelease.recordHistories")) {
      Files.createDirectories(HISTORIES);
      String json = client.fetchHistory(ReleaseIds.workflowId(COMPOSE_ID)).toJson(true);
      Files.writeString(HISTORIES.resolve(name + ".json"), json);
    }
  }

  @Override
  public void close() {
    try {
      resultsDb.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    env.close();
  }
}
