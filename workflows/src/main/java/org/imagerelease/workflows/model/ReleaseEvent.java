package org.imagerelease.workflows.model;

import java.util.List;

/**
 * Something other systems react to: a test system tests an uploaded private image, mirrors and
 * announcements follow a published one.
 *
 * @param eventId unique and stable across retries and replays, so a consumer sees it once
 * @param kind what happened
 * @param composeId the compose released
 * @param images the images concerned, at their locations
 * @param detail a human-readable reason or summary
 */
public record ReleaseEvent(
    String eventId, ReleaseEventKind kind, String composeId, List<LocationImage> images, String detail) {
  public ReleaseEvent {
    images = images == null ? List.of() : List.copyOf(images);
    detail = detail == null ? "" : detail;
  }
}
