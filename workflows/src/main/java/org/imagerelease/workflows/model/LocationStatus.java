package org.imagerelease.workflows.model;

/**
 * One image at one location, as the status query reports it.
 *
 * @param detail what the target is still doing there (a snapshot completing, a copy in flight),
 *     or why the location failed or was skipped, naming the cause; empty otherwise
 */
public record LocationStatus(String location, LocationState state, String resourceId, String url, String detail) {
  public LocationStatus {
    resourceId = resourceId == null ? "" : resourceId;
    url = url == null ? "" : url;
    detail = detail == null ? "" : detail;
  }

  public LocationStatus(String location, LocationState state, String resourceId, String url) {
    this(location, state, resourceId, url, "");
  }
}
