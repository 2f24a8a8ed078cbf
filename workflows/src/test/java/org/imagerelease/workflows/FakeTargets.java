package org.imagerelease.workflows;

import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReplicateRequest;
import org.imagerelease.workflows.model.UploadRequest;

/**
 * A release target in memory that behaves like a careful real one: resources are keyed by their
 * deterministic identity, so a retry adopts what an earlier attempt made.
 */
final class FakeTargets implements TargetActivities {
  /** Every resource ever created, with how many times it was created. */
  final Map<String, AtomicInteger> creations = new ConcurrentHashMap<>();
  final Set<String> existing = ConcurrentHashMap.newKeySet();
  final Set<String> publicImages = ConcurrentHashMap.newKeySet();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  final List<ImageAtLocation> uploadInputs = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger transientUploadFailures = new AtomicInteger();
  volatile String failUploadOf;
  /** Uploads of these images heartbeat until the release cancels them. */
  final Set<String> holdUploadsOf = ConcurrentHashMap.newKeySet();
  final CountDownLatch uploadHeld = new CountDownLatch(1);
  volatile boolean uploadSawCancel;
  /** Every task queue a target activity ran on. */
  final Set<String> taskQueues = ConcurrentHashMap.newKeySet();
  /** Copies to this location fail; permanently (non-retryable) when {@link #replicaFailsForGood}. */
  volatile String failReplicasAt;
  volatile boolean replicaFailsForGood;
  /** Publishing at this location fails, retryably. */
  volatile String failPublishAt;
  /** How many times an upload says the image is still being prepared before it is ready. */
  final AtomicInteger pendingLooks = new AtomicInteger();
  final List<String> pendingSeen = Collections.synchronizedList(new ArrayList<>());

  @Override
  public LocationImage uploadImage(UploadRequest request) {
    ImageAtLocation ref = request.destination();
    calls.add("upload " + key(ref));
    noteTaskQueue();
    uploadInputs.add(ref);
    if (holdUploadsOf.contains(ref.imageName())) {
      holdUntilCancelled();
    }
    if (ref.imageName().equals(failUploadOf)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "image " + ref.imageName() + ": expected sha256 aaa, got bbb", ReleaseFailureTypes.CHECKSUM_MISMATCH);
    }
    create(ref);
    if (transientUploadFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("connection reset while completing " + key(ref));
    }
    return pendingLooks.get() > 0 ? made(ref).stillPending("snapshot completing", java.time.Duration.ofMinutes(1)) : made(ref);
  }

  @Override
  public LocationImage replicateImage(ReplicateRequest request) {
    ImageAtLocation ref = request.destination();
    calls.add("replicate " + key(ref));
    noteTaskQueue();
    create(ref);
    if (ref.location().equals(failReplicasAt)) {
      if (replicaFailsForGood) {
        throw ApplicationFailure.newNonRetryableFailure(
            "copy of " + ref.imageName() + " to " + ref.location() + " is corrupt", ReleaseFailureTypes.CHECKSUM_MISMATCH);
      }
      throw new IllegalStateException("region " + ref.location() + " answers 503 Service Unavailable");
    }
    return made(ref);
  }

  @Override
  public LocationImage checkImage(LocationImage image) {
    calls.add("check " + key(image.ref()));
    noteTaskQueue();
    pendingSeen.add(image.pending().what());
    return pendingLooks.decrementAndGet() > 0 ? image : image.asReady();
  }

  @Override
  public LocationImage publishImage(LocationImage image) {
    calls.add("publish " + key(image.ref()));
    noteTaskQueue();
    if (image.ref().location().equals(failPublishAt)) {
      throw new IllegalStateException("region " + image.ref().location() + " refuses the launch permission: RequestLimitExceeded");
    }
    publicImages.add(key(image.ref()));
    return image;
  }

  @Override
  public void unpublishImage(ImageAtLocation image) {
    calls.add("unpublish " + key(image));
    publicImages.remove(key(image));
  }

  @Override
  public void withdrawImage(ImageAtLocation image) {
    calls.add("withdraw " + key(image));
    existing.remove(key(image));
  }

  @Override
  public void cleanUpTemporaries(CleanupRequest request) {
    calls.add("cleanup " + request.target() + " " + request.locations());
  }

  void holdAllUploads() {
    holdUploadsOf.add(FakeCompose.RAW.fileName());
    holdUploadsOf.add(FakeCompose.VHD.fileName());
  }

  List<String> callsStartingWith(String verb) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.startsWith(verb + " ")).toList();
    }
  }

  private void noteTaskQueue() {
    taskQueues.add(Activity.getExecutionContext().getInfo().getActivityTaskQueue());
  }

  private void create(ImageAtLocation ref) {
    if (existing.add(key(ref))) {
      creations.computeIfAbsent(key(ref), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  private void holdUntilCancelled() {
    uploadHeld.countDown();
    try {
      while (true) {
        Activity.getExecutionContext().heartbeat("transferring");
        Thread.sleep(20);
      }
    } catch (ActivityCompletionException cancelled) {
      uploadSawCancel = true;
      throw cancelled;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static LocationImage made(ImageAtLocation ref) {
    return new LocationImage(ref, "res-" + key(ref), "https://example.test/" + ref.location() + "/" + ref.imageName(), Map.of());
  }

  static String key(ImageAtLocation ref) {
    return ref.target() + "/" + ref.location() + "/" + ref.imageName();
  }
}
