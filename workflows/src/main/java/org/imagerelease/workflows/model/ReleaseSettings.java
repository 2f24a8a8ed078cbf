package org.imagerelease.workflows.model;

/**
 * How new releases run, from configuration: everything a {@link ReleaseRequest} carries besides
 * its compose and who asked. The CLI, the compose consumer and the demo start releases with it.
 */
public record ReleaseSettings(GateSettings gate, ReleaseTimeouts timeouts, RegionFailurePolicy regionFailure) {
  public ReleaseSettings {
    gate = gate == null ? GateSettings.none() : gate;
    timeouts = timeouts == null ? ReleaseTimeouts.defaults() : timeouts;
    regionFailure = regionFailure == null ? RegionFailurePolicy.defaults() : regionFailure;
  }

  /** The release of this compose, requested by {@code requestedBy}. */
  public ReleaseRequest requestFor(ComposeRef compose, String requestedBy) {
    return new ReleaseRequest(compose, gate, timeouts, requestedBy, regionFailure);
  }

  /** The same settings with another gate (a command line override). */
  public ReleaseSettings withGate(GateSettings otherGate) {
    return new ReleaseSettings(otherGate, timeouts, regionFailure);
  }
}
