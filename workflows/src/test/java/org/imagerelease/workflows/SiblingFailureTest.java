package org.imagerelease.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Promise;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.ReplicateRequest;
import org.imagerelease.workflows.model.UploadRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One location's step fails while a sibling's completes, on the embedded (Java test) server with
 * its real clock, as the embedded mode runs releases: the sibling's completion reaches the server
 * while the workflow task that learnt of the failure is being processed. Cancelling that sibling
 * then names an activity the test server no longer knows, and the server refuses the whole
 * workflow task ({@code ACTIVITY_UNKNOWN}, temporalio/sdk-java#2391): the release must still end,
 * promptly, in the stage the failure calls for.
 *
 * <p>The timing is made exact rather than hoped for: the replica's publish completes only when
 * the workflow, inside that very workflow task, sees the primary's failure.
 */
class SiblingFailureTest {
  private TestWorkflowEnvironment env;
  private ActivityCompletionClient completions;
  private final FakeTargets targets = new FakeTargets();
  private final CountDownLatch replicaStarted = new CountDownLatch(1);
  private final AtomicReference<byte[]> replicaTaskToken = new AtomicReference<>();
  private final AtomicReference<LocationImage> replicaImage = new AtomicReference<>();
  private final AtomicBoolean replicaCompleted = new AtomicBoolean();

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(false)
                .setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build())
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new CompletesTheReplicaOnThePrimarysFailure()).build())
                .registerSearchAttribute("ComposeId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .registerSearchAttribute("ReleaseStage", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                .build());
    FakeCompose compose = new FakeCompose();
    compose.images = List.of(FakeCompose.RAW);
    Worker worker = env.newWorker(ImageReleaseWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(ImageReleaseWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FakeEvents(), compose, new FakeResultsDb());
    TargetActivities publishRace = new PrimaryFailsWhileReplicaCompletes();
    env.newWorker(TargetQueues.calls(ImageReleaseWorkflow.TASK_QUEUE, "mirror")).registerActivitiesImplementations(publishRace);
    env.newWorker(TargetQueues.transfers(ImageReleaseWorkflow.TASK_QUEUE, "mirror")).registerActivitiesImplementations(publishRace);
    env.start();
    completions = env.getWorkflowClient().newActivityCompletionClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aPublishFailingWhileAnotherLocationsCompletesEndsTheReleaseFailedAndUndoesBoth() throws Exception {
    WorkflowClient client = env.getWorkflowClient();
    ImageReleaseWorkflow release =
        client.newWorkflowStub(
            ImageReleaseWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReleaseIds.workflowId(ReleaseScenario.COMPOSE_ID))
                .setTaskQueue(ImageReleaseWorkflow.TASK_QUEUE)
                .build());
    WorkflowClient.start(release::release, ReleaseScenario.request(GatePolicy.NONE));

    // Far beyond the few seconds a release of fakes takes, far below the 12 minutes a wedged one sat in PUBLISHING.
    ReleaseStatus end = WorkflowStub.fromTyped(release).getResult(3, TimeUnit.MINUTES, ReleaseStatus.class);

    assertThat(replicaCompleted).as("the replica's publish completed while the failure was being handled").isTrue();
    assertThat(end.stage()).isEqualTo(ReleaseStage.FAILED);
    assertThat(end.lastError()).contains("ConfigurationError").contains("launch permission refused at primary");
    assertThat(targets.callsStartingWith("unpublish"))
        .as("the location that was published is unpublished")
        .contains("unpublish mirror/replica/" + FakeCompose.RAW.fileName());
    assertThat(targets.existing).as("every copy withdrawn").isEmpty();
  }

  /** Client calls are refused on workflow threads: this one is made on another, and awaited. */
  private void completeTheReplica() {
    try {
      CompletableFuture.runAsync(() -> completions.complete(replicaTaskToken.get(), replicaImage.get())).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the replica's publish could not be completed", e);
    }
  }

  /** Publishing at the primary fails for good once the replica's publish is under way; the replica's is completed by the interceptor. */
  private final class PrimaryFailsWhileReplicaCompletes implements TargetActivities {
    @Override
    public LocationImage uploadImage(UploadRequest request) {
      return targets.uploadImage(request);
    }

    @Override
    public LocationImage replicateImage(ReplicateRequest request) {
      return targets.replicateImage(request);
    }

    @Override
    public LocationImage checkImage(LocationImage image) {
      return targets.checkImage(image);
    }

    @Override
    public LocationImage publishImage(LocationImage image) {
      if (image.ref().location().equals("replica") && replicaTaskToken.get() == null) {
        targets.calls.add("publish mirror/replica/" + image.ref().imageName());
        replicaImage.set(image);
        replicaTaskToken.set(Activity.getExecutionContext().getTaskToken());
        Activity.getExecutionContext().doNotCompleteOnReturn();
        replicaStarted.countDown();
        return null;
      }
      if (image.ref().location().equals("primary")) {
        try {
          replicaStarted.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw ApplicationFailure.newNonRetryableFailure("launch permission refused at primary", ReleaseFailureTypes.CONFIGURATION);
      }
      return targets.publishImage(image);
    }

    @Override
    public void unpublishImage(ImageAtLocation image) {
      targets.unpublishImage(image);
    }

    @Override
    public void withdrawImage(ImageAtLocation image) {
      targets.withdrawImage(image);
    }

    @Override
    public void cleanUpTemporaries(CleanupRequest request) {
      targets.cleanUpTemporaries(request);
    }
  }

  /**
   * When the workflow learns that the primary's publish failed, and before it acts on it, the
   * replica's publish completes at the server: its completion arrives during that workflow task.
   */
  private final class CompletesTheReplicaOnThePrimarysFailure extends WorkerInterceptorBase {
    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
      return new WorkflowInboundCallsInterceptorBase(next) {
        @Override
        public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
          super.init(new WorkflowOutboundCallsInterceptorBase(outboundCalls) {
            @Override
            public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
              ActivityOutput<R> output = super.executeActivity(input);
              if (!input.getActivityName().equals("PublishImage")
                  || !((LocationImage) input.getArgs()[0]).ref().location().equals("primary")) {
                return output;
              }
              Promise<R> result =
                  output.getResult().handle((value, failure) -> {
                    if (failure != null && replicaCompleted.compareAndSet(false, true)) {
                      completeTheReplica();
                    }
                    if (failure != null) {
                      throw failure;
                    }
                    return value;
                  });
              return new ActivityOutput<>(output.getActivityId(), result);
            }
          });
        }
      };
    }
  }
}
