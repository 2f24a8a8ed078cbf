package org.imagerelease.activities.transfer;

/**
 * What the pipeline needs to continue an interrupted transfer. Placeholder fields; the transfer
 * package owns and documents the exact encoding.
 *
 * @param acceptedBlocks block ranges the sink accepted and flushed, e.g. {@code "0-99,120-130"}
 */
public record ResumeState(String acceptedBlocks) {}
