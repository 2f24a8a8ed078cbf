package org.imagerelease.activities.compose;

import java.util.List;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * A validated {@code images.json}: the compose and every image it lists, in file order.
 *
 * @param compose the compose the metadata describes
 * @param images every binary image of every variant and arch: what a release can ship
 * @param sourceImages the source images ({@code arch} {@code src} or {@code nosrc}), once each;
 *     never released, listed so a plan can say it left them out
 */
public record ComposeImages(ComposeInfo compose, List<ImageArtifact> images, List<ImageArtifact> sourceImages) {
  public ComposeImages {
    images = List.copyOf(images);
    sourceImages = sourceImages == null ? List.of() : List.copyOf(sourceImages);
  }

  /** Metadata without source images. */
  public ComposeImages(ComposeInfo compose, List<ImageArtifact> images) {
    this(compose, images, List.of());
  }
}
