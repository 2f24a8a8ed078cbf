package org.imagerelease.starter.client;

/**
 * The answer to a start: the release of the compose and whether this call started it.
 *
 * @param alreadyExisted true when the compose already had a release, running or ended; nothing
 *     new was started
 */
public record StartedRelease(String composeId, String workflowId, String runId, boolean alreadyExisted) {}
