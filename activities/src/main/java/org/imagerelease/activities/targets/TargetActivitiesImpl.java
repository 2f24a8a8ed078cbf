package org.imagerelease.activities.targets;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.ActivityFailures;
import org.imagerelease.activities.LogContext;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeLocation;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.TargetActivities;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReplicateRequest;
import org.imagerelease.workflows.model.UploadRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each release step to the target it names, with the compose, image, target and location
 * in the logging context, and Temporal's failure model applied in one place.
 */
public final class TargetActivitiesImpl implements TargetActivities {
  private static final Logger log = LoggerFactory.getLogger(TargetActivitiesImpl.class);

  private final Map<String, ReleaseTarget> targets = new LinkedHashMap<>();
  private final ComposeSources allowedSources;

  /**
   * @param targets the targets this worker releases to
   * @param allowedSources where composes may be: an image elsewhere is refused before any target
   *     sees it, whoever started the release
   */
  public TargetActivitiesImpl(List<ReleaseTarget> targets, ComposeSources allowedSources) {
    targets.forEach(t -> this.targets.put(t.name(), t));
    this.allowedSources = allowedSources;
  }

  @Override
  public LocationImage uploadImage(UploadRequest request) {
    ImageAtLocation ref = request.destination();
    return inContextOf(
        ref,
        () -> {
          URI source = ComposeLocation.parse(request.compose().location()).imageSource(ref.image());
          allowedSources.requireAllowed("Image " + ref.imageName() + " of compose " + request.compose().composeId(), source.toString());
          log.info("Uploading {} from {}", ref.imageName(), source);
          try (KeepAliveHeartbeat heartbeat = keptAliveHeartbeat()) {
            LocationImage made = target(ref).upload(ref, source, heartbeat);
            log.info("Uploaded {} as {}", ref.imageName(), made.resourceId());
            return made;
          }
        });
  }

  @Override
  public LocationImage replicateImage(ReplicateRequest request) {
    ImageAtLocation ref = request.destination();
    return inContextOf(
        ref,
        () -> {
          try (KeepAliveHeartbeat heartbeat = keptAliveHeartbeat()) {
            LocationImage copy = target(ref).replicate(request.source(), ref, heartbeat);
            log.info("Replicated {} from {} as {}", ref.imageName(), request.source().ref().location(), copy.resourceId());
            return copy;
          }
        });
  }

  @Override
  public LocationImage checkImage(LocationImage image) {
    ImageAtLocation ref = image.ref();
    return inContextOf(
        ref,
        () -> {
          LocationImage checked = target(ref).check(image);
          log.info(
              "Checked {} ({}): {}",
              ref.imageName(),
              image.pending() == null ? "ready" : image.pending().what(),
              checked.waitsForTarget() ? "still " + checked.pending().what() : "ready");
          return checked;
        });
  }

  @Override
  public LocationImage publishImage(LocationImage image) {
    ImageAtLocation ref = image.ref();
    return inContextOf(
        ref,
        () -> {
          LocationImage published = target(ref).publish(image);
          log.info("Published {} as {} {}", ref.imageName(), published.resourceId(), published.url());
          return published;
        });
  }

  @Override
  public void unpublishImage(ImageAtLocation image) {
    inContextOf(
        image,
        () -> {
          target(image).unpublish(image);
          log.info("Unpublished {}", image.imageName());
          return null;
        });
  }

  @Override
  public void withdrawImage(ImageAtLocation image) {
    inContextOf(
        image,
        () -> {
          target(image).withdraw(image);
          log.info("Withdrew {}", image.imageName());
          return null;
        });
  }

  @Override
  public void cleanUpTemporaries(CleanupRequest request) {
    try (var logContext = LogContext.ofTarget(request.composeId(), request.target())) {
      ActivityFailures.run(() -> target(request.target()).cleanUp(request));
      log.info("Cleaned up temporaries of {} at {}", request.target(), request.locations());
    }
  }

  private <T> T inContextOf(ImageAtLocation ref, java.util.concurrent.Callable<T> step) {
    try (var logContext = LogContext.of(ref)) {
      return ActivityFailures.call(step);
    }
  }

  private ReleaseTarget target(ImageAtLocation ref) {
    return target(ref.target());
  }

  private ReleaseTarget target(String name) {
    ReleaseTarget target = targets.get(name);
    if (target == null) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "This worker has no release target '" + name + "' (configured: " + targets.keySet() + ")");
    }
    return target;
  }

  /** The step's heartbeat, beaten on its own while the step waits on a cloud: see {@link KeepAliveHeartbeat}. */
  private static KeepAliveHeartbeat keptAliveHeartbeat() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return KeepAliveHeartbeat.of(new TemporalHeartbeat(context), context.getInfo().getHeartbeatTimeout());
  }
}
