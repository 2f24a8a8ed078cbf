package org.imagerelease.workflows.model;

/**
 * Input of one release.
 *
 * @param compose the compose to release
 * @param gate how the test gate decides
 * @param timeouts activity timeouts; {@link ReleaseTimeouts#defaults()} when null
 * @param requestedBy who asked: a message id, a user; for the audit trail only
 */
public record ReleaseRequest(
    ComposeRef compose, GateSettings gate, ReleaseTimeouts timeouts, String requestedBy) {
  public ReleaseRequest {
    if (compose == null) {
      throw new IllegalArgumentException("compose must be set");
    }
    gate = gate == null ? GateSettings.none() : gate;
    timeouts = timeouts == null ? ReleaseTimeouts.defaults() : timeouts;
    requestedBy = requestedBy == null ? "" : requestedBy;
  }
}
