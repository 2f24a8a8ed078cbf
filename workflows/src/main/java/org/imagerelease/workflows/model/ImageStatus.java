package org.imagerelease.workflows.model;

import java.util.List;

/** One image at one target with its state at every location. */
public record ImageStatus(String target, String imageName, String arch, List<LocationStatus> locations) {
  public ImageStatus {
    locations = List.copyOf(locations);
  }
}
