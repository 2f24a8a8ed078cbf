package org.imagerelease.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReplicateRequest;
import org.imagerelease.workflows.model.UploadRequest;

/**
 * What a release does at a target (a cloud, the mirror network), without saying which: the
 * worker routes each call by {@link ImageAtLocation#target()} to that target's implementation,
 * and the release schedules each call on its target's task queues ({@link TargetQueues}).
 * Every operation is idempotent: a retry finds what an earlier attempt made and adopts it.
 */
@ActivityInterface
public interface TargetActivities {

  /**
   * Streams the image from the compose into its primary location, privately. Heartbeats
   * progress and a checkpoint; a retry resumes from it and adopts an image already complete.
   */
  @ActivityMethod
  LocationImage uploadImage(UploadRequest request);

  /** Copies an uploaded image to another location, privately; a retry adopts the copy in flight. */
  @ActivityMethod
  LocationImage replicateImage(ReplicateRequest request);

  /**
   * Looks again at an image its target was still preparing when upload or replicate returned
   * (a snapshot completing, a copy in flight); returns it ready, or still pending with when to
   * look next. The release waits between looks on a timer, so a long wait holds no worker slot.
   */
  @ActivityMethod
  LocationImage checkImage(LocationImage image);

  /** Makes the image public at its location; a retry of a public image does nothing. */
  @ActivityMethod
  LocationImage publishImage(LocationImage image);

  /** Makes the image private again; undo of {@link #publishImage}; nothing to undo is success. */
  @ActivityMethod
  void unpublishImage(ImageAtLocation image);

  /**
   * Removes the image and everything made for it at this location, found by its deterministic
   * names and tags; undo of upload and replicate; nothing to remove is success.
   */
  @ActivityMethod
  void withdrawImage(ImageAtLocation image);

  /** Removes temporary resources the release used at the target; runs in every outcome. */
  @ActivityMethod
  void cleanUpTemporaries(CleanupRequest request);
}
