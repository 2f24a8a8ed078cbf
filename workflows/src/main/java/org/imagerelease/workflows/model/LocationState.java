package org.imagerelease.workflows.model;

/** The state of one image at one location. */
public enum LocationState {
  PLANNED,
  UPLOADING,
  UPLOADED,
  REPLICATING,
  REPLICATED,
  PUBLISHING,
  PUBLISHED,
  FAILED,
  /**
   * Left out of the release by the region-failure policy after its retry budget: what was made
   * there was withdrawn, every other location was released.
   */
  SKIPPED,
  /** Removed again by compensation. */
  WITHDRAWN
}
