package org.imagerelease.activities.compose;

import java.util.List;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * A validated {@code images.json}: the compose and every image it lists, in file order.
 *
 * @param compose the compose the metadata describes
 * @param images every image of every variant and arch
 */
public record ComposeImages(ComposeInfo compose, List<ImageArtifact> images) {
  public ComposeImages {
    images = List.copyOf(images);
  }
}
