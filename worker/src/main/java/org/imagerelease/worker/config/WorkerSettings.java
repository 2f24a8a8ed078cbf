package org.imagerelease.worker.config;

import java.time.Duration;

/**
 * How much one worker process takes on, and how it stops.
 *
 * @param maxConcurrentActivities activities (uploads, copies) running at once in this process
 * @param maxConcurrentWorkflowTasks workflow tasks processed at once
 * @param shutdownGrace how long a stopping worker lets running activities go on before it
 *     interrupts them; they resume elsewhere from their last checkpoint
 */
public record WorkerSettings(int maxConcurrentActivities, int maxConcurrentWorkflowTasks, Duration shutdownGrace) {}
