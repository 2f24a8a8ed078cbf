package org.imagerelease.workflows.model;

import java.util.List;

/**
 * Remove what a release used only on its way: staging files, upload blobs, test instances.
 * Never removes a released image.
 */
public record CleanupRequest(String releaseId, String composeId, String target, List<String> locations) {
  public CleanupRequest {
    locations = locations == null ? List.of() : List.copyOf(locations);
  }
}
