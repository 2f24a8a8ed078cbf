package org.imagerelease.activities.targets;

import org.imagerelease.activities.transfer.ImageTransfer;

/**
 * What a worker shares among its targets.
 *
 * @param transfer the transfer pipeline: one per worker, so its memory budget covers every target
 */
public record TargetServices(ImageTransfer transfer) {}
