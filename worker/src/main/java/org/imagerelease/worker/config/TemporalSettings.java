package org.imagerelease.worker.config;

/**
 * Where the Temporal cluster is.
 *
 * @param target host:port of the frontend, e.g. {@code temporal-frontend:7233}
 * @param namespace the namespace releases run in
 * @param taskQueue the task queue workers poll
 */
public record TemporalSettings(String target, String namespace, String taskQueue) {}
