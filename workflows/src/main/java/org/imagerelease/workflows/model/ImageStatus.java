package org.imagerelease.workflows.model;

import java.util.List;
import java.util.Map;

/**
 * One image at one target with its state at every location.
 *
 * @param tests latest outcome per required testcase, e.g. {@code compose.cloud_autocloud -> PASSED}
 */
public record ImageStatus(
    String target, String imageName, String arch, List<LocationStatus> locations, Map<String, String> tests) {
  public ImageStatus {
    locations = locations == null ? List.of() : List.copyOf(locations);
    tests = tests == null ? Map.of() : Map.copyOf(tests);
  }
}
