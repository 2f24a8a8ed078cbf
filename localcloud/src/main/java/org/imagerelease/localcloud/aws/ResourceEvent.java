package org.imagerelease.localcloud.aws;

import java.time.Instant;

/**
 * One entry of the endpoint's log of what was made and removed.
 *
 * @param at when, on the endpoint's clock
 * @param detail what it is, e.g. an AMI's name or a parameter's value
 */
public record ResourceEvent(Instant at, String region, ResourceKind kind, String id, Change change,
    String detail) {

  public enum Change {
    CREATED,
    /** A new version of a parameter. */
    UPDATED,
    /** Deleted, deregistered, or (instances) terminated. */
    DELETED,
    /** A parameter write AWS accepted but then silently did not make (aws:ec2:image validation). */
    DROPPED
  }

  @Override
  public String toString() {
    return at + " " + region + " " + change + " " + kind + " " + id
        + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
