package org.imagerelease.workflows.model;

import java.time.Instant;
import java.util.List;

/**
 * Answer of the {@code status} query and result of the release.
 *
 * @param composeId the compose released
 * @param stage where the release is
 * @param images every planned image with its state per location
 * @param waiting what the release waits for now; null when it is not waiting
 * @param gateOutcome how the gate ended; null while undecided
 * @param decisions who approved, rejected or cancelled, and why
 * @param lastError the latest error, naming the image, location and cause; empty if none
 * @param leftovers resources an undo could not remove and a person must look at
 * @param stageSince when the release entered its stage (workflow time); null from releases that
 *     ended before it was kept
 */
public record ReleaseStatus(
    String composeId,
    ReleaseStage stage,
    List<ImageStatus> images,
    Waiting waiting,
    GateOutcome gateOutcome,
    List<String> decisions,
    String lastError,
    List<String> leftovers,
    Instant stageSince) {
  public ReleaseStatus {
    images = images == null ? List.of() : List.copyOf(images);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    leftovers = leftovers == null ? List.of() : List.copyOf(leftovers);
    lastError = lastError == null ? "" : lastError;
  }
}
