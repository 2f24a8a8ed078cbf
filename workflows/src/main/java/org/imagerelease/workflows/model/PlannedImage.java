package org.imagerelease.workflows.model;

import java.util.List;

/**
 * One image going to one target: uploaded privately to the primary location, then copied to
 * every replica location and made public there.
 *
 * @param target the release target's name, e.g. {@code mirror}, {@code aws}, {@code azure}
 * @param image the compose image released
 * @param primaryLocation where the image is uploaded first and tested (region, mirror root)
 * @param replicaLocations where it is copied after the gate opened, never containing the primary
 */
public record PlannedImage(
    String target, ImageArtifact image, String primaryLocation, List<String> replicaLocations) {

  public PlannedImage {
    replicaLocations = replicaLocations == null ? List.of() : List.copyOf(replicaLocations);
  }

  /** Where this image will be public once released: the primary location, then the replicas. */
  public List<String> allLocations() {
    var all = new java.util.ArrayList<String>();
    all.add(primaryLocation);
    all.addAll(replicaLocations);
    return List.copyOf(all);
  }

  /** The key that names this image at this target in status output and logs. */
  public String key() {
    return target + ":" + image.fileName();
  }
}
