package org.imagerelease.workflows.model;

/** Kinds of outgoing release events. */
public enum ReleaseEventKind {
  /** An image is at its primary location, private, ready to be tested. */
  IMAGE_UPLOADED,
  /** An image is public at every location of one target. */
  IMAGE_PUBLISHED,
  RELEASE_COMPLETED,
  RELEASE_FAILED
}
