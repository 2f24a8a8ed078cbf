package org.imagerelease.workflows.retention;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Keeps what releases left in the clouds within the distribution's retention policy: plans what
 * to remove (gallery versions past their end of life or beyond the newest kept, upload blobs
 * older than a week), and removes it unless asked only for the plan. {@code retention run}
 * starts it with workflow id {@value #WORKFLOW_ID}, one at a time; the daily Temporal Schedule's
 * runs have that id with the time appended (Temporal's way) and never overlap each other. A
 * manual run beside a scheduled one does no harm: every removal is idempotent.
 */
@WorkflowInterface
public interface RetentionWorkflow {
  String WORKFLOW_ID = "image-release-retention";

  @WorkflowMethod(name = "Retention")
  RetentionReport run(RetentionRequest request);
}
