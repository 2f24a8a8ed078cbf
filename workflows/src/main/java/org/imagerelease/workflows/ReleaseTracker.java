package org.imagerelease.workflows;

import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.imagerelease.workflows.model.GateOutcome;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.ImageStatus;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.LocationStatus;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleaseStage;
import org.imagerelease.workflows.model.ReleaseStatus;
import org.imagerelease.workflows.model.Waiting;

/**
 * What the {@code status} query answers: the stage (mirrored in the {@code ReleaseStage} search
 * attribute), every image at every location, what the release waits for, decisions and errors.
 * Workflow code tells it what happened; it never decides anything.
 */
final class ReleaseTracker {
  private String composeId = "";
  private ReleaseStage stage = ReleaseStage.RESOLVING;
  private long stageEnteredMillis = Long.MIN_VALUE;
  private final Map<String, ImageTrack> images = new LinkedHashMap<>();
  private Functions.Func<String> waitingFor;
  private Instant waitingSince;
  private GateOutcome gateOutcome;
  private final List<String> decisions = new ArrayList<>();
  private String lastError = "";
  private final List<String> leftovers = new ArrayList<>();

  private static final class ImageTrack {
    final PlannedImage planned;
    final Map<String, LocationStatus> locations = new LinkedHashMap<>();

    ImageTrack(PlannedImage planned) {
      this.planned = planned;
      planned.allLocations()
          .forEach(l -> locations.put(l, new LocationStatus(l, LocationState.PLANNED, "", "")));
    }
  }

  void start(String composeId) {
    this.composeId = composeId;
    stageEnteredMillis = Workflow.currentTimeMillis();
    publishSearchAttributes();
  }

  ReleaseStage stage() {
    return stage;
  }

  void enter(ReleaseStage next) {
    recordStageDuration();
    stage = next;
    waitingFor = null;
    waitingSince = null;
    publishSearchAttributes();
  }

  /**
   * How long the stage left now lasted, in workflow time, as {@code image_release_stage_duration}
   * tagged with the stage: the time at the gate is that of AWAITING_TESTS and AWAITING_APPROVAL.
   * Through the workflow's metrics scope, which stays silent while a history is replayed, so a
   * stage is counted once however often its workflow is replayed.
   */
  private void recordStageDuration() {
    long now = Workflow.currentTimeMillis();
    if (stageEnteredMillis != Long.MIN_VALUE) {
      Workflow.getMetricsScope()
          .tagged(Map.of("stage", stage.name()))
          .timer("image_release_stage_duration")
          .record(com.uber.m3.util.Duration.ofMillis(now - stageEnteredMillis));
    }
    stageEnteredMillis = now;
  }

  /** Records what the release waits for now; the description is evaluated when queried. */
  void waitFor(Functions.Func<String> description) {
    waitingFor = description;
    waitingSince = Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  void stopWaiting() {
    waitingFor = null;
    waitingSince = null;
  }

  void plan(List<PlannedImage> planned) {
    planned.forEach(p -> images.put(p.key(), new ImageTrack(p)));
  }

  void mark(ImageAtLocation ref, LocationState state) {
    mark(ref, state, "");
  }

  /** The location's new state, with what is happening there or why it failed. */
  void mark(ImageAtLocation ref, LocationState state, String detail) {
    LocationStatus current = location(ref);
    put(ref, new LocationStatus(ref.location(), state, current.resourceId(), current.url(), detail));
  }

  void mark(LocationImage image, LocationState state) {
    String detail = image.waitsForTarget() ? image.pending().what() : "";
    put(image.ref(), new LocationStatus(image.ref().location(), state, image.resourceId(), image.url(), detail));
  }

  void gateOutcome(GateOutcome outcome) {
    gateOutcome = outcome;
  }

  void decision(String line) {
    decisions.add(Instant.ofEpochMilli(Workflow.currentTimeMillis()) + " " + line);
  }

  void error(String message) {
    lastError = message;
  }

  /** Records a failure the step that failed did not already describe in more detail. */
  void errorUnlessReported(String message) {
    if (lastError.isEmpty()) {
      lastError = message;
    }
  }

  void leftovers(List<String> failedUndos) {
    leftovers.addAll(failedUndos);
  }

  /** An immutable view of everything above; {@code tests} gives an image's test outcomes. */
  ReleaseStatus snapshot(Function<String, Map<String, String>> tests) {
    List<ImageStatus> imageStatuses =
        images.values().stream()
            .map(
                t ->
                    new ImageStatus(
                        t.planned.target(),
                        t.planned.image().fileName(),
                        t.planned.image().arch(),
                        List.copyOf(t.locations.values()),
                        tests.apply(t.planned.image().fileName())))
            .toList();
    Waiting waiting = waitingFor == null ? null : new Waiting(waitingFor.apply(), waitingSince);
    return new ReleaseStatus(
        composeId, stage, imageStatuses, waiting, gateOutcome, decisions, lastError, leftovers, stageSince());
  }

  private Instant stageSince() {
    return stageEnteredMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(stageEnteredMillis);
  }

  private LocationStatus location(ImageAtLocation ref) {
    ImageTrack track = images.get(key(ref));
    LocationStatus status = track == null ? null : track.locations.get(ref.location());
    return status != null ? status : new LocationStatus(ref.location(), LocationState.PLANNED, "", "");
  }

  private void put(ImageAtLocation ref, LocationStatus status) {
    ImageTrack track = images.get(key(ref));
    if (track != null) {
      track.locations.put(ref.location(), status);
    }
  }

  private static String key(ImageAtLocation ref) {
    return ref.target() + ":" + ref.imageName();
  }

  private void publishSearchAttributes() {
    Workflow.upsertTypedSearchAttributes(
        ReleaseSearchAttributes.COMPOSE_ID.valueSet(composeId),
        ReleaseSearchAttributes.RELEASE_STAGE.valueSet(stage.name()));
  }
}
