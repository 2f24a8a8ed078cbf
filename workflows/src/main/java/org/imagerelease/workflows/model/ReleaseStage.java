package org.imagerelease.workflows.model;

/**
 * Where a release is. Kept in the {@code ReleaseStage} search attribute, so a stuck release is
 * found with a filter such as {@code ReleaseStage="AWAITING_TESTS"}.
 */
public enum ReleaseStage {
  RESOLVING,
  UPLOADING,
  AWAITING_TESTS,
  AWAITING_APPROVAL,
  REPLICATING,
  PUBLISHING,
  /** Undoing what the release made, after the gate said no, an error or a cancel. */
  COMPENSATING,
  CLEANING_UP,
  RELEASED,
  /** A step failed; what it made was undone (see the status' last error and leftovers). */
  FAILED,
  /** The gate said no (tests failed, rejected, timed out) and what was made was undone. */
  COMPENSATED,
  /** A person cancelled the release and what was made was undone. */
  CANCELLED;

  public boolean isFinal() {
    return this == RELEASED || this == FAILED || this == COMPENSATED || this == CANCELLED;
  }
}
