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
  /** Removed again by compensation. */
  WITHDRAWN
}
