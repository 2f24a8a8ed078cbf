package org.imagerelease.workflows.model;

import java.util.List;

/**
 * What a release does: every image of the compose, per target, with its locations.
 *
 * @param compose the compose released
 * @param images the images each target releases
 * @param composeImages every binary image of the compose, released or not: where gate rules
 *     find an image's sibling (the tested qcow2 of an AMI). Empty in plans written before gate
 *     rules existed
 */
public record ReleasePlan(ComposeRef compose, List<PlannedImage> images, List<ImageArtifact> composeImages) {
  public ReleasePlan {
    images = images == null ? List.of() : List.copyOf(images);
    composeImages = composeImages == null ? List.of() : List.copyOf(composeImages);
  }

  /** A plan that carries only the released images. */
  public ReleasePlan(ComposeRef compose, List<PlannedImage> images) {
    this(compose, images, List.of());
  }

  public boolean hasNoImages() {
    return images.isEmpty();
  }

  /** The distinct targets this plan releases to, in plan order. */
  public List<String> targets() {
    return images.stream().map(PlannedImage::target).distinct().toList();
  }
}
