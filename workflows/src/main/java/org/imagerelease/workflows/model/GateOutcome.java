package org.imagerelease.workflows.model;

/** How the test gate ended. Only {@link #opensGate()} outcomes let a release go on. */
public enum GateOutcome {
  PASSED,
  APPROVED,
  SKIPPED,
  FAILED,
  REJECTED,
  TIMED_OUT;

  public boolean opensGate() {
    return this == PASSED || this == APPROVED || this == SKIPPED;
  }
}
