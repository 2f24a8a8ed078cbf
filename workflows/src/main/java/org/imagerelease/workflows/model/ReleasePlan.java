package org.imagerelease.workflows.model;

import java.util.List;

/** What a release does: every image of the compose, per target, with its locations. */
public record ReleasePlan(ComposeRef compose, List<PlannedImage> images) {
  public ReleasePlan {
    images = images == null ? List.of() : List.copyOf(images);
  }

  public boolean hasNoImages() {
    return images.isEmpty();
  }

  /** The distinct targets this plan releases to, in plan order. */
  public List<String> targets() {
    return images.stream().map(PlannedImage::target).distinct().toList();
  }
}
