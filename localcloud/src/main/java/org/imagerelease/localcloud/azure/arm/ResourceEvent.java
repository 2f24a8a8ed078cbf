package org.imagerelease.localcloud.azure.arm;

import java.time.Instant;

/**
 * One entry of the endpoint's log of what was made and removed.
 *
 * @param id the ARM resource id
 * @param at when the create or delete request was accepted (created) or the deletion finished
 */
public record ResourceEvent(Instant at, ResourceKind kind, String id, Change change) {

  public enum Change {
    CREATED,
    DELETED
  }

  @Override
  public String toString() {
    return at + " " + change + " " + kind + " " + id;
  }
}
