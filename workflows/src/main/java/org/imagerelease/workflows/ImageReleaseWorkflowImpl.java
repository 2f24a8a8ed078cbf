package org.imagerelease.workflows;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imagerelease.workflows.model.CleanupRequest;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.Decision;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.imagerelease.workflows.model.ReleasePlan;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.ReplicateRequest;
import org.imagerelease.workflows.model.TestResult;
import org.imagerelease.workflows.model.UploadRequest;
import org.imagerelease.workflows.testgate.GateRules;
import org.imagerelease.workflows.testgate.ImageGate;
import org.slf4j.Logger;

/**
 * The release, in order: resolve, upload, gate, replicate, publish, clean up. Each step
 * registers its undo before it creates anything; when the gate says no, a step fails or a person
 * cancels, the undos run in a detached scope, so a cancelled release still cleans up.
 */
public final class ImageReleaseWorkflowImpl implements ImageReleaseWorkflow {
  private static final Logger log = Workflow.getLogger(ImageReleaseWorkflowImpl.class);

  private final ReleaseTracker tracker = new ReleaseTracker();
  private final TestGate gate = new TestGate();
  private final Compensations compensations = new Compensations();
  private CancellationScope releaseScope;
  private Decision cancellation;
  private ReplicaSteps replicas;

  /** Thrown inside the release scope when the gate does not open. */
  private static final class GateClosed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GateClosed(String reason) {
      super(reason, null, false, false);
    }
  }

  @Override
  public ReleaseStatus release(ReleaseRequest request) {
    ComposeRef compose = request.compose();
    String releaseId = Workflow.getInfo().getWorkflowId();
    boolean perTargetQueues =
        Workflow.getVersion(TargetQueues.CHANGE_ID, Workflow.DEFAULT_VERSION, TargetQueues.PER_TARGET)
            >= TargetQueues.PER_TARGET;
    boolean regionPolicy =
        Workflow.getVersion(ReplicaSteps.CHANGE_ID, Workflow.DEFAULT_VERSION, ReplicaSteps.APPLIES_POLICY)
            >= ReplicaSteps.APPLIES_POLICY;
    ActivityStubs activities = new ActivityStubs(request.timeouts(), perTargetQueues);
    replicas = new ReplicaSteps(request.regionFailure(), tracker, regionPolicy);
    tracker.start(compose.composeId());
    log.info("Release {} of compose {} starts, requested by {}", releaseId, compose.composeId(), request.requestedBy());

    List<PlannedImage> planned = new ArrayList<>();
    List<LocationImage> published = new ArrayList<>();
    ReleaseStage outcome;
    releaseScope =
        Workflow.newCancellationScope(
            () -> {
              Optional<List<ImageGate>> gates = resolve(activities, request, planned);
              published.addAll(releaseImages(activities, request, releaseId, planned, gates));
            });
    try {
      if (cancellation != null) {
        releaseScope.cancel("cancelled by " + cancellation.who() + " before it started");
      }
      releaseScope.run();
      outcome = ReleaseStage.RELEASED;
    } catch (GateClosed closed) {
      tracker.error(closed.getMessage());
      outcome = ReleaseStage.COMPENSATED;
    } catch (RuntimeException failure) {
      if (FailureMessages.isCancellation(failure)) {
        outcome = ReleaseStage.CANCELLED;
      } else {
        tracker.errorUnlessReported(FailureMessages.describe(failure));
        log.error("Release {} failed: {}", releaseId, FailureMessages.describe(failure));
        outcome = ReleaseStage.FAILED;
      }
    }

    ReleaseStage finalStage = outcome;
    runDetached(() -> finish(activities, compose, releaseId, planned, finalStage));
    runDetached(() -> announce(activities, compose, releaseId, finalStage, published));
    tracker.enter(outcome);
    log.info("Release {} ended {}", releaseId, outcome);
    return status();
  }

  /**
   * Reads the plan into {@code planned}, less the images their gate rules skip, and returns each
   * image's gate when the release applies gate rules.
   */
  private Optional<List<ImageGate>> resolve(ActivityStubs activities, ReleaseRequest request, List<PlannedImage> planned) {
    ComposeRef compose = request.compose();
    tracker.enter(ReleaseStage.RESOLVING);
    tracker.waitFor(() -> "reading the compose metadata at " + compose.location());
    ReleasePlan plan = activities.compose.resolvePlan(compose);
    Optional<List<ImageGate>> gates = Optional.empty();
    if (request.gate().hasRules()
        && Workflow.getVersion(TestGate.RULES_CHANGE_ID, Workflow.DEFAULT_VERSION, TestGate.APPLIES_RULES) >= TestGate.APPLIES_RULES) {
      List<ImageGate> resolved = GateRules.resolve(request.gate(), plan.images(), plan.composeImages());
      gates = Optional.of(resolved);
      for (int i = 0; i < plan.images().size(); i++) {
        ImageGate gate = resolved.get(i);
        if (gate.policy() == ImageGatePolicy.SKIP) {
          tracker.decision("skipped " + gate.target() + ":" + gate.imageName() + ": " + whySkipped(gate));
        } else {
          planned.add(plan.images().get(i));
        }
      }
    } else {
      planned.addAll(plan.images());
    }
    tracker.plan(planned);
    log.info("Compose {}: {} images planned for targets {}", compose.composeId(), planned.size(), plan.targets());
    return gates;
  }

  private static String whySkipped(ImageGate gate) {
    if (!gate.problem().isEmpty()) {
      return gate.problem() + ", and images no rule covers are skipped";
    }
    return gate.rule().isEmpty() ? "no gate rule covers it, and such images are skipped" : "gate rule '" + gate.rule() + "' skips it";
  }

  private List<LocationImage> releaseImages(
      ActivityStubs activities, ReleaseRequest request, String releaseId, List<PlannedImage> planned, Optional<List<ImageGate>> gates) {
    if (planned.isEmpty()) {
      log.info("Compose {}: no target selects any image, nothing to release", request.compose().composeId());
      return List.of();
    }
    List<LocationImage> uploaded = upload(activities, request, releaseId, planned);
    passGate(activities, request, uploaded, gates);
    List<LocationImage> copies = replicate(activities, request, releaseId, planned, uploaded);
    List<LocationImage> published = publish(activities, uploaded, copies);
    announcePublished(activities, request.compose(), releaseId, published);
    return published;
  }

  private List<LocationImage> upload(
      ActivityStubs activities, ReleaseRequest request, String releaseId, List<PlannedImage> planned) {
    tracker.enter(ReleaseStage.UPLOADING);
    ComposeRef compose = request.compose();
    List<Functions.Func<LocationImage>> steps = new ArrayList<>();
    for (PlannedImage image : planned) {
      ImageAtLocation ref = at(releaseId, compose, image, image.primaryLocation());
      ActivityStubs.TargetStubs target = activities.target(ref.target());
      steps.add(
          () -> {
            compensations.register("withdraw " + describe(ref), () -> withdraw(target, ref));
            tracker.mark(ref, LocationState.UPLOADING);
            LocationImage made =
                step(
                    ref,
                    () ->
                        untilReady(
                            target,
                            target.transfers().uploadImage(new UploadRequest(compose, ref)),
                            LocationState.UPLOADING,
                            request.timeouts().transferAttempt()));
            tracker.mark(made, LocationState.UPLOADED);
            // A target's own test of the image (a boot in the cloud) counts like any other result.
            made.targetTestResults().forEach(gate::record);
            // Announced at once, so a test system can start on this image while others upload.
            activities.events.publishEvent(
                new ReleaseEvent(
                    eventId(releaseId, "uploaded", ref),
                    ReleaseEventKind.IMAGE_UPLOADED,
                    compose.composeId(),
                    List.of(made),
                    "uploaded privately to " + ref.location()));
            return made;
          });
    }
    return ParallelSteps.runAll(steps);
  }

  private void passGate(ActivityStubs activities, ReleaseRequest request, List<LocationImage> uploaded, Optional<List<ImageGate>> gates) {
    RequiredTests required = gates.map(resolved -> RequiredTests.of(resolved, uploaded)).orElseGet(() -> RequiredTests.of(request.gate(), uploaded));
    ResultsDbPolling polling = new ResultsDbPolling(activities, request.compose().composeId(), tracker);
    GateOutcome outcome = gate.await(request.gate(), required, tracker, polling);
    tracker.gateOutcome(outcome);
    String explanation = gate.explain(outcome, request.gate(), required);
    tracker.decision("gate " + outcome + ": " + explanation);
    log.info("Gate of compose {}: {} ({})", request.compose().composeId(), outcome, explanation);
    if (!outcome.opensGate()) {
      throw new GateClosed(explanation);
    }
  }

  /**
   * Copies every image to its replica locations. A location that keeps failing is handled by
   * the region-failure policy; the copies that were made are returned.
   */
  private List<LocationImage> replicate(
      ActivityStubs activities,
      ReleaseRequest request,
      String releaseId,
      List<PlannedImage> planned,
      List<LocationImage> uploaded) {
    tracker.enter(ReleaseStage.REPLICATING);
    List<Functions.Func<Optional<LocationImage>>> steps = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      PlannedImage image = planned.get(i);
      LocationImage source = uploaded.get(i);
      for (String location : image.replicaLocations()) {
        ImageAtLocation ref = at(releaseId, source.ref(), location);
        ActivityStubs.TargetStubs target = activities.target(ref.target());
        steps.add(
            () -> {
              compensations.register("withdraw " + describe(ref), () -> withdraw(target, ref));
              tracker.mark(ref, LocationState.REPLICATING);
              Optional<LocationImage> copy =
                  replicas.run(
                      ref,
                      LocationState.REPLICATING,
                      () ->
                          step(
                              ref,
                              () ->
                                  untilReady(
                                      target,
                                      target.transfers().replicateImage(new ReplicateRequest(source, ref)),
                                      LocationState.REPLICATING,
                                      request.timeouts().transferAttempt())),
                      () -> withdraw(target, ref));
              copy.ifPresent(c -> tracker.mark(c, LocationState.REPLICATED));
              return copy;
            });
      }
    }
    return present(ParallelSteps.runAll(steps));
  }

  /**
   * Makes every image public. A replica location that keeps failing is handled by the
   * region-failure policy; the primary location, where the gate tested the image, fails the
   * release.
   */
  private List<LocationImage> publish(
      ActivityStubs activities, List<LocationImage> primaries, List<LocationImage> copies) {
    tracker.enter(ReleaseStage.PUBLISHING);
    List<Functions.Func<Optional<LocationImage>>> steps = new ArrayList<>();
    List<LocationImage> everywhere = new ArrayList<>(primaries);
    everywhere.addAll(copies);
    for (LocationImage image : everywhere) {
      ImageAtLocation ref = image.ref();
      ActivityStubs.TargetStubs target = activities.target(ref.target());
      Functions.Func<LocationImage> publishHere = () -> step(ref, () -> target.calls().publishImage(image));
      boolean primary = primaries.contains(image);
      steps.add(
          () -> {
            compensations.register("unpublish " + describe(ref), () -> target.undo().unpublishImage(ref));
            tracker.mark(image, LocationState.PUBLISHING);
            Optional<LocationImage> made =
                primary
                    ? Optional.of(publishHere.apply())
                    : replicas.run(
                        ref,
                        LocationState.PUBLISHING,
                        publishHere,
                        () -> {
                          target.undo().unpublishImage(ref);
                          withdraw(target, ref);
                        });
            made.ifPresent(m -> tracker.mark(m, LocationState.PUBLISHED));
            return made;
          });
    }
    return present(ParallelSteps.runAll(steps));
  }

  /**
   * Waits, on workflow timers, until the target finished preparing the image, asking it again
   * each time it said to. No worker slot is held meanwhile.
   */
  private LocationImage untilReady(
      ActivityStubs.TargetStubs target, LocationImage image, LocationState waitingState, Duration longest) {
    long deadline = Workflow.currentTimeMillis() + longest.toMillis();
    LocationImage current = image;
    while (current.waitsForTarget()) {
      LocationImage.Pending pending = current.pending();
      if (Workflow.currentTimeMillis() + pending.checkAgainIn().toMillis() > deadline) {
        throw ApplicationFailure.newNonRetryableFailure(
            describe(current.ref()) + " was still not ready after " + longest + ": " + pending.what(), "TargetNotReady");
      }
      tracker.mark(current, waitingState);
      Workflow.sleep(pending.checkAgainIn());
      current = target.calls().checkImage(current);
    }
    return current;
  }

  private void announcePublished(
      ActivityStubs activities, ComposeRef compose, String releaseId, List<LocationImage> published) {
    for (String key : published.stream().map(i -> i.ref().target() + ":" + i.ref().imageName()).distinct().toList()) {
      List<LocationImage> locations =
          published.stream().filter(i -> key.equals(i.ref().target() + ":" + i.ref().imageName())).toList();
      activities.events.publishEvent(
          new ReleaseEvent(
              releaseId + "/published/" + key,
              ReleaseEventKind.IMAGE_PUBLISHED,
              compose.composeId(),
              locations,
              "public at " + locations.size() + " locations"));
    }
  }

  /** Undo on failure, then remove temporaries in every outcome. */
  private void finish(
      ActivityStubs activities, ComposeRef compose, String releaseId, List<PlannedImage> planned, ReleaseStage outcome) {
    if (outcome != ReleaseStage.RELEASED && !compensations.isEmpty()) {
      tracker.enter(ReleaseStage.COMPENSATING);
      tracker.leftovers(compensations.runAll());
    }
    tracker.enter(ReleaseStage.CLEANING_UP);
    for (String target : planned.stream().map(PlannedImage::target).distinct().toList()) {
      List<String> locations =
          planned.stream().filter(p -> p.target().equals(target)).flatMap(p -> p.allLocations().stream()).distinct().toList();
      try {
        activities.target(target).undo().cleanUpTemporaries(new CleanupRequest(releaseId, compose.composeId(), target, locations));
      } catch (RuntimeException e) {
        tracker.leftovers(List.of("clean up of " + target + " temporaries failed: " + FailureMessages.describe(e)));
      }
    }
  }

  private void announce(
      ActivityStubs activities, ComposeRef compose, String releaseId, ReleaseStage outcome, List<LocationImage> published) {
    boolean released = outcome == ReleaseStage.RELEASED;
    ReleaseStatus status = status();
    long skipped =
        status.images().stream().flatMap(i -> i.locations().stream()).filter(l -> l.state() == LocationState.SKIPPED).count();
    String detail =
        released
            ? published.size() + " images public" + (skipped == 0 ? "" : ", " + skipped + " skipped by the region failure policy")
            : outcome + ": " + status.lastError();
    try {
      activities.events.publishEvent(
          new ReleaseEvent(
              releaseId + (released ? "/completed" : "/failed"),
              released ? ReleaseEventKind.RELEASE_COMPLETED : ReleaseEventKind.RELEASE_FAILED,
              compose.composeId(),
              published,
              detail));
    } catch (RuntimeException e) {
      tracker.leftovers(List.of("the release " + (released ? "completed" : "failed") + " event was not sent: " + FailureMessages.describe(e)));
    }
  }

  /** Runs one step of one image at one location, marking the location failed if it fails. */
  private LocationImage step(ImageAtLocation ref, Functions.Func<LocationImage> action) {
    try {
      return action.apply();
    } catch (RuntimeException e) {
      if (!FailureMessages.isCancellation(e)) {
        tracker.mark(ref, LocationState.FAILED);
        tracker.error(describe(ref) + ": " + FailureMessages.describe(e));
      }
      throw e;
    }
  }

  private void withdraw(ActivityStubs.TargetStubs target, ImageAtLocation ref) {
    target.undo().withdrawImage(ref);
    tracker.mark(ref, LocationState.WITHDRAWN);
  }

  private static List<LocationImage> present(List<Optional<LocationImage>> results) {
    return results.stream().flatMap(Optional::stream).toList();
  }

  private static void runDetached(Runnable action) {
    Workflow.newDetachedCancellationScope(action).run();
  }

  private static ImageAtLocation at(String releaseId, ComposeRef compose, PlannedImage image, String location) {
    return new ImageAtLocation(releaseId, compose.composeId(), image.target(), location, image.image());
  }

  private static ImageAtLocation at(String releaseId, ImageAtLocation source, String location) {
    return new ImageAtLocation(releaseId, source.composeId(), source.target(), location, source.image());
  }

  private static String eventId(String releaseId, String what, ImageAtLocation ref) {
    return releaseId + "/" + what + "/" + ref.target() + "/" + ref.location() + "/" + ref.imageName();
  }

  private static String describe(ImageAtLocation ref) {
    return ref.target() + ":" + ref.imageName() + " at " + ref.location();
  }

  @Override
  public void approvePromotion(Decision decision) {
    gate.approve(decision);
    tracker.decision("approved by " + decision.who() + ": " + decision.why());
  }

  @Override
  public void rejectPromotion(Decision decision) {
    gate.reject(decision);
    tracker.decision("rejected by " + decision.who() + ": " + decision.why());
  }

  @Override
  public void testResult(TestResult result) {
    gate.record(result);
    log.info("Test result {} {} for {}", result.testcase(), result.outcome(), result.item());
  }

  @Override
  public void cancelRelease(Decision decision) {
    if (tracker.stage().isFinal() || cancellation != null) {
      return;
    }
    cancellation = decision;
    tracker.decision("cancelled by " + decision.who() + ": " + decision.why());
    if (releaseScope != null) {
      releaseScope.cancel("cancelled by " + decision.who() + ": " + decision.why());
    }
  }

  @Override
  public ReleaseStatus status() {
    return tracker.snapshot(gate::outcomesOf);
  }
}
