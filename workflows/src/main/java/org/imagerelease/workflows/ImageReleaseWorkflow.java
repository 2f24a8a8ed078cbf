package org.imagerelease.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.TestResult;

/**
 * Releases one compose: resolve, upload to each target's primary location, wait at the test
 * gate, replicate, publish, clean up; undo everything it made when the gate says no, a step
 * fails or a person cancels. One per compose, with workflow id {@code release-<composeId>}.
 */
@WorkflowInterface
public interface ImageReleaseWorkflow {

  /** The task queue workers poll and starters start releases on. */
  String TASK_QUEUE = "image-release";

  /** Runs the release to its end and returns the final status. */
  @WorkflowMethod(name = "ImageRelease")
  ReleaseStatus release(ReleaseRequest request);

  /** A person lets the release past the gate. */
  @SignalMethod
  void approvePromotion(Decision decision);

  /** A person stops the release at the gate; what was made is undone. */
  @SignalMethod
  void rejectPromotion(Decision decision);

  /** A test system reports a result for one image (sent by the ResultsDB consumer). */
  @SignalMethod
  void testResult(TestResult result);

  /** A person stops the release at any stage; what was made is undone. */
  @SignalMethod
  void cancelRelease(Decision decision);

  /** Where the release is: stage, every image at every location, what it waits for, errors. */
  @QueryMethod
  ReleaseStatus status();
}
