package org.imagerelease.activities.targets;

import java.net.URI;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;

/**
 * One place images are released to (the mirror network, a cloud). {@link TargetActivitiesImpl}
 * routes every release step to the target named in the request. Implementations are idempotent
 * in every method: they find what an earlier attempt made by deterministic names and adopt it.
 * They throw {@link org.imagerelease.activities.ReleaseException} subclasses for failures a
 * retry cannot fix, and plain exceptions for transient ones.
 */
public interface ReleaseTarget {

  /** The name used in configuration and in {@link ImageAtLocation#target()}, e.g. {@code mirror}. */
  String name();

  /** Streams the image at {@code source} into its primary location, privately. */
  LocationImage upload(ImageAtLocation destination, URI source, Heartbeat heartbeat) throws Exception;

  /** Copies an uploaded image to another location, privately. */
  LocationImage replicate(LocationImage source, ImageAtLocation destination, Heartbeat heartbeat)
      throws Exception;

  /**
   * Looks again at an image this target returned still pending from {@link #upload} or
   * {@link #replicate} ({@link LocationImage#stillPending}), and returns it ready or still
   * pending. Targets whose images are always ready at once need not implement it.
   */
  default LocationImage check(LocationImage image) throws Exception {
    throw new ReleaseException(
        ReleaseFailureTypes.CONFIGURATION,
        "Target " + name() + " returned " + image.ref().imageName() + " at " + image.ref().location()
            + " still pending (" + image.pending().what() + ") but cannot check it again");
  }

  /** Makes the image public at its location. */
  LocationImage publish(LocationImage image) throws Exception;

  /** Makes the image private again. Nothing to undo is success. */
  void unpublish(ImageAtLocation image) throws Exception;

  /** Removes the image and everything made for it at its location. Nothing there is success. */
  void withdraw(ImageAtLocation image) throws Exception;

  /** Removes temporary resources of the release. Never removes a released image. */
  void cleanUp(CleanupRequest request) throws Exception;
}
