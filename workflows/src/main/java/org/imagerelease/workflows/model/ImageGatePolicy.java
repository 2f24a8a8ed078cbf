package org.imagerelease.workflows.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a gate rule asks of the images it covers, and what happens to an image no rule covers. */
public enum ImageGatePolicy {
  /** Passing results of the rule's testcases, of the image itself or of its sibling. */
  TESTS("tests"),
  /** A person's approvePromotion: nothing tests this image. */
  APPROVAL("approval"),
  /** Released without tests or approval, on purpose. */
  RELEASE_UNTESTED("release-untested"),
  /** Not released at all: left out of the plan before anything is uploaded. */
  SKIP("skip");

  private final String configName;

  ImageGatePolicy(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files and in plans. */
  public String configName() {
    return configName;
  }

  /** Parses {@code tests}, {@code approval}, {@code release-untested} or {@code skip}. */
  public static ImageGatePolicy fromConfigName(String name) {
    return Arrays.stream(values())
        .filter(p -> p.configName.equals(name.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown policy '" + name + "': use " + Arrays.stream(values()).map(ImageGatePolicy::configName).collect(Collectors.joining(", "))));
  }
}
