package org.imagerelease.workflows.model;

/**
 * Input of one release.
 *
 * @param compose the compose to release
 * @param gate how the test gate decides
 * @param timeouts activity timeouts; {@link ReleaseTimeouts#defaults()} when null
 * @param requestedBy who asked: a message id, a user; for the audit trail only
 * @param regionFailure what a replica location that keeps failing does to the release;
 *     {@link RegionFailurePolicy#defaults()} when null (also for releases requested before the
 *     policy existed)
 */
public record ReleaseRequest(
    ComposeRef compose,
    GateSettings gate,
    ReleaseTimeouts timeouts,
    String requestedBy,
    RegionFailurePolicy regionFailure) {
  public ReleaseRequest {
    if (compose == null) {
      throw new IllegalArgumentException("compose must be set");
    }
    gate = gate == null ? GateSettings.none() : gate;
    timeouts = timeouts == null ? ReleaseTimeouts.defaults() : timeouts;
    requestedBy = requestedBy == null ? "" : requestedBy;
    regionFailure = regionFailure == null ? RegionFailurePolicy.defaults() : regionFailure;
  }

  /** A release with the default region-failure policy. */
  public ReleaseRequest(ComposeRef compose, GateSettings gate, ReleaseTimeouts timeouts, String requestedBy) {
    this(compose, gate, timeouts, requestedBy, null);
  }
}
