package org.imagerelease.activities.transfer;

import org.imagerelease.workflows.model.TransferProgress;

/**
 * Heartbeat details of a transfer: progress for people, and what a retried attempt needs to go
 * on without handing the sink a block it already accepted.
 *
 * @param progress what {@code watch} shows
 * @param resume the pipeline's resume state; opaque outside this package
 */
public record TransferCheckpoint(TransferProgress progress, ResumeState resume) {}
