package org.imagerelease.starter.client;

import java.time.Instant;

/**
 * One release as listed.
 *
 * @param stage the {@code ReleaseStage} search attribute; empty if the release never set it
 * @param execution Temporal's view: RUNNING, COMPLETED, FAILED, CANCELED, TERMINATED, ...
 */
public record ReleaseSummary(
    String composeId, String workflowId, String runId, String stage, String execution, Instant started, Instant closed) {}
