package org.imagerelease.starter.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.imagerelease.activities.aws.AwsSweep;
import org.imagerelease.activities.http.UrlCredentials;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.ReleaseSearchAttributes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TestResult;
import org.imagerelease.workflows.model.TransferProgress;

/**
 * What people and the message consumers do with releases: start one per compose, read its
 * status and transfer progress, approve, reject, cancel, report test results, list releases.
 */
public final class ReleaseClient {
  private static final String WORKFLOW_TYPE = "ImageRelease";
  /** Reads heartbeat details and search attributes as workers wrote them. */
  private static final ObjectMapper JSON = ReleaseDataConverter.objectMapper();

  private final WorkflowClient client;
  private final String taskQueue;

  public ReleaseClient(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts the release of a compose, or finds the one it already has: one release per compose,
   * so a duplicate compose message is a no-op. With {@code again}, a compose whose release has
   * ended gets a new run; a running release is still never doubled.
   */
  public StartedRelease start(ReleaseRequest asked, boolean again) {
    ReleaseRequest request = withoutUrlCredentials(asked);
    String composeId = request.compose().composeId();
    String workflowId = ReleaseIds.workflowId(composeId);
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                again
                    ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE
                    : WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(ReleaseSearchAttributes.COMPOSE_ID, composeId)
                    .set(ReleaseSearchAttributes.RELEASE_STAGE, ReleaseStage.RESOLVING.name())
                    .build())
            .build();
    ImageReleaseWorkflow release = client.newWorkflowStub(ImageReleaseWorkflow.class, options);
    try {
      WorkflowExecution execution = WorkflowClient.start(release::release, request);
      return new StartedRelease(composeId, workflowId, execution.getRunId(), false);
    } catch (WorkflowExecutionAlreadyStarted existing) {
      return new StartedRelease(composeId, workflowId, existing.getExecution().getRunId(), true);
    }
  }

  /**
   * The status of a compose's latest release: the live answer of a running release, the final
   * status (its result) of an ended one, so no worker is needed to read an ended release.
   */
  public ReleaseStatus status(String composeId) {
    String workflowId = ReleaseIds.workflowId(composeId);
    WorkflowExecutionInfo info = describe(workflowId).getWorkflowExecutionInfo();
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return client.newUntypedWorkflowStub(workflowId).getResult(ReleaseStatus.class);
    }
    return release(composeId).status();
  }

  /** When a running release entered its stage, as its status query answers; empty from a worker that did not say. */
  public Optional<Instant> stageSince(String composeId) {
    return Optional.ofNullable(release(composeId).status().stageSince());
  }

  /**
   * Whether the compose's latest release still runs, ended released, or ended without releasing;
   * {@code UNKNOWN} when Temporal has none (never started here, or its history is gone).
   */
  public AwsSweep.Fate fate(String composeId) {
    WorkflowExecutionInfo info;
    try {
      info = describe(ReleaseIds.workflowId(composeId)).getWorkflowExecutionInfo();
    } catch (WorkflowNotFoundException e) {
      return AwsSweep.Fate.UNKNOWN;
    }
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return AwsSweep.Fate.RUNNING;
    }
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        && status(composeId).stage() == ReleaseStage.RELEASED) {
      return AwsSweep.Fate.RELEASED;
    }
    return AwsSweep.Fate.ENDED_UNRELEASED;
  }

  /**
   * The request with any user and password taken out of the compose URL, since a workflow's input
   * is kept in its history for all to read; the worker finds them in its netrc file instead.
   */
  static ReleaseRequest withoutUrlCredentials(ReleaseRequest request) {
    String location = request.compose().location();
    if (!UrlCredentials.carried(location)) {
      return request;
    }
    return new ReleaseRequest(
        new ComposeRef(request.compose().composeId(), UrlCredentials.removed(location)),
        request.gate(),
        request.timeouts(),
        request.requestedBy(),
        request.regionFailure());
  }

  /** Waits for the release to end and returns its final status. */
  public ReleaseStatus awaitEnd(String composeId) {
    WorkflowStub stub = client.newUntypedWorkflowStub(ReleaseIds.workflowId(composeId));
    try {
      return stub.getResult(ReleaseStatus.class);
    } catch (io.temporal.client.WorkflowFailedException cancelled) {
      // A release cancelled through Temporal ends as CANCELED there; its status still tells all.
      return release(composeId).status();
    }
  }

  /** Progress of the transfers running now, from their last heartbeats. */
  public List<TransferProgress> transfers(String composeId) {
    return running(composeId).transfers();
  }

  /** The transfers running now and the steps Temporal is retrying, from one description. */
  public RunningSteps running(String composeId) {
    List<TransferProgress> progress = new ArrayList<>();
    List<RetryingStep> retrying = new ArrayList<>();
    for (PendingActivityInfo activity : describe(ReleaseIds.workflowId(composeId)).getPendingActivitiesList()) {
      if (activity.hasHeartbeatDetails() && activity.getHeartbeatDetails().getPayloadsCount() > 0) {
        progressOf(activity.getHeartbeatDetails().getPayloads(0)).ifPresent(progress::add);
      }
      RetryingStep.of(activity).ifPresent(retrying::add);
    }
    return new RunningSteps(progress, retrying);
  }

  public void approve(String composeId, Decision decision) {
    release(composeId).approvePromotion(decision);
  }

  public void reject(String composeId, Decision decision) {
    release(composeId).rejectPromotion(decision);
  }

  public void cancel(String composeId, Decision decision) {
    release(composeId).cancelRelease(decision);
  }

  public void reportTestResult(String composeId, TestResult result) {
    release(composeId).testResult(result);
  }

  /**
   * Lists releases, optionally only those at a stage. Uses a visibility query where the server
   * has them; otherwise lists open and closed executions and describes each (the embedded
   * server), and says which in {@link ReleaseListing#method()}.
   */
  public ReleaseListing list(Optional<ReleaseStage> stage) {
    String query = "WorkflowType = '" + WORKFLOW_TYPE + "'" + stage.map(s -> " AND ReleaseStage = '" + s.name() + "'").orElse("");
    return listing(query, stage, Executions.OPEN_AND_CLOSED);
  }

  /** Lists the releases still running, at whatever stage; as {@link #list} does, with or without visibility queries. */
  public ReleaseListing listRunning() {
    return listing("WorkflowType = '" + WORKFLOW_TYPE + "' AND ExecutionStatus = 'Running'", Optional.empty(), Executions.OPEN);
  }

  /** Which executions the fallback without visibility queries lists. */
  private enum Executions {
    OPEN,
    OPEN_AND_CLOSED
  }

  private ReleaseListing listing(String query, Optional<ReleaseStage> stage, Executions executions) {
    String why;
    try {
      List<ReleaseSummary> releases =
          client.listExecutions(query).map(this::summaryOf).sorted(newestFirst()).toList();
      return new ReleaseListing(releases, "visibility query: " + query);
    } catch (StatusRuntimeException e) {
      why = whyNoVisibilityQuery(e).orElseThrow(() -> e);
    }
    List<ReleaseSummary> releases = new ArrayList<>();
    Consumer<WorkflowExecution> describeEach = execution -> releases.add(summaryOf(describe(execution)));
    forEachOpenExecution(describeEach);
    if (executions == Executions.OPEN_AND_CLOSED) {
      forEachClosedExecution(describeEach);
    }
    List<ReleaseSummary> filtered =
        releases.stream()
            .filter(r -> stage.map(s -> s.name().equals(r.stage())).orElse(true))
            .sorted(newestFirst())
            .toList();
    String listed = executions == Executions.OPEN ? "listed open executions" : "listed open and closed executions";
    return new ReleaseListing(filtered, why + ": " + listed + " and described each");
  }

  /**
   * Why a visibility query cannot be answered here, when listing and describing can stand in: the
   * server has none (Temporal's test server, which {@code server} and {@code dev} run), or it
   * refuses the query, most likely because the search attributes were never registered on it.
   */
  private static Optional<String> whyNoVisibilityQuery(StatusRuntimeException e) {
    return switch (e.getStatus().getCode()) {
      case UNIMPLEMENTED -> Optional.of("this server has no visibility queries (the embedded one has none; a real cluster has)");
      case INVALID_ARGUMENT -> Optional.of(
          "this server refused the visibility query (" + e.getStatus().getDescription()
              + "; are the ComposeId and ReleaseStage search attributes registered? see deploy/register-search-attributes.sh)");
      default -> Optional.empty();
    };
  }

  private ImageReleaseWorkflow release(String composeId) {
    return client.newWorkflowStub(ImageReleaseWorkflow.class, ReleaseIds.workflowId(composeId));
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    return describe(WorkflowExecution.newBuilder().setWorkflowId(workflowId).build());
  }

  private DescribeWorkflowExecutionResponse describe(WorkflowExecution execution) {
    try {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setExecution(execution)
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new WorkflowNotFoundException(execution, WORKFLOW_TYPE, e);
      }
      throw e;
    }
  }

  private void forEachOpenExecution(Consumer<WorkflowExecution> action) {
    var stub = client.getWorkflowServiceStubs().blockingStub();
    var open = ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace()).setTypeFilter(releaseType()).setMaximumPageSize(1000);
    do {
      var page = stub.listOpenWorkflowExecutions(open.build());
      page.getExecutionsList().forEach(e -> action.accept(e.getExecution()));
      open.setNextPageToken(page.getNextPageToken());
    } while (!open.getNextPageToken().isEmpty());
  }

  private void forEachClosedExecution(Consumer<WorkflowExecution> action) {
    var stub = client.getWorkflowServiceStubs().blockingStub();
    var closed = ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace()).setTypeFilter(releaseType()).setMaximumPageSize(1000);
    do {
      var page = stub.listClosedWorkflowExecutions(closed.build());
      page.getExecutionsList().forEach(e -> action.accept(e.getExecution()));
      closed.setNextPageToken(page.getNextPageToken());
    } while (!closed.getNextPageToken().isEmpty());
  }

  private String namespace() {
    return client.getOptions().getNamespace();
  }

  private static WorkflowTypeFilter releaseType() {
    return WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE).build();
  }

  private ReleaseSummary summaryOf(io.temporal.client.WorkflowExecutionMetadata metadata) {
    String stage = Optional.ofNullable(metadata.getTypedSearchAttributes().get(ReleaseSearchAttributes.RELEASE_STAGE)).orElse("");
    return new ReleaseSummary(
        ReleaseIds.composeIdOf(metadata.getExecution().getWorkflowId()),
        metadata.getExecution().getWorkflowId(),
        metadata.getExecution().getRunId(),
        stage,
        statusName(metadata.getStatus()),
        metadata.getStartTime(),
        metadata.getCloseTime());
  }

  private ReleaseSummary summaryOf(DescribeWorkflowExecutionResponse description) {
    WorkflowExecutionInfo info = description.getWorkflowExecutionInfo();
    Payload stagePayload = info.getSearchAttributes().getIndexedFieldsMap().get(ReleaseSearchAttributes.RELEASE_STAGE.getName());
    return new ReleaseSummary(
        ReleaseIds.composeIdOf(info.getExecution().getWorkflowId()),
        info.getExecution().getWorkflowId(),
        info.getExecution().getRunId(),
        stagePayload == null ? "" : keywordOf(stagePayload),
        statusName(info.getStatus()),
        info.hasStartTime() ? Instant.ofEpochSecond(info.getStartTime().getSeconds(), info.getStartTime().getNanos()) : null,
        info.hasCloseTime() ? Instant.ofEpochSecond(info.getCloseTime().getSeconds(), info.getCloseTime().getNanos()) : null);
  }

  private static String keywordOf(Payload payload) {
    try {
      JsonNode value = JSON.readTree(payload.getData().toByteArray());
      return value.isArray() && !value.isEmpty() ? value.get(0).asText() : value.asText();
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<TransferProgress> progressOf(Payload heartbeat) {
    try {
      JsonNode details = JSON.readTree(heartbeat.getData().toByteArray());
      JsonNode progress = details.get("progress");
      return progress == null || progress.isNull() ? Optional.empty() : Optional.of(JSON.treeToValue(progress, TransferProgress.class));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String statusName(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static Comparator<ReleaseSummary> newestFirst() {
    return Comparator.comparing(ReleaseSummary::started, Comparator.nullsLast(Comparator.reverseOrder()));
  }
}
