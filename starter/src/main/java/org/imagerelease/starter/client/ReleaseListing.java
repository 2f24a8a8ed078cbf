package org.imagerelease.starter.client;

import java.util.List;

/**
 * Releases found by a list, and how they were found: a visibility query on a real cluster, or
 * listing and describing every execution where the server has no visibility queries.
 */
public record ReleaseListing(List<ReleaseSummary> releases, String method) {
  public ReleaseListing {
    releases = List.copyOf(releases);
  }

  /** Whether the list was made without a visibility query. */
  public boolean fellBack() {
    return !method.startsWith("visibility query");
  }
}
