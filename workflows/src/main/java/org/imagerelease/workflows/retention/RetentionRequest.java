package org.imagerelease.workflows.retention;

/**
 * @param dryRun only plan: nothing is removed
 * @param requestedBy who asked (a person's name, or {@code schedule})
 */
public record RetentionRequest(boolean dryRun, String requestedBy) {}
