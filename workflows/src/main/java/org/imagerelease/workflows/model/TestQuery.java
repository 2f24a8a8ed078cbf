package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the ResultsDB polling fallback waits for: a result of every testcase each image needs.
 *
 * @param composeId the compose the images belong to, for the logs
 * @param testcases ResultsDB testcase names, e.g. {@code compose.cloud_autocloud}: every one some
 *     image needs
 * @param imageNames image file names, ResultsDB's {@code data.item}
 * @param pollInterval how long to wait between two questions to ResultsDB
 * @param testcasesByImage the testcases each image needs, when images differ (their targets need
 *     different tests); empty when every image needs all {@code testcases}
 */
public record TestQuery(
    String composeId,
    List<String> testcases,
    List<String> imageNames,
    Duration pollInterval,
    Map<String, List<String>> testcasesByImage) {
  public TestQuery {
    var byImage = new java.util.LinkedHashMap<String, List<String>>();
    if (testcasesByImage != null) {
      testcasesByImage.forEach((image, names) -> byImage.put(image, List.copyOf(names)));
    }
    testcasesByImage = java.util.Collections.unmodifiableMap(byImage);
    testcases = testcases == null ? List.of() : List.copyOf(testcases);
    imageNames = imageNames == null ? List.of() : List.copyOf(imageNames);
    if (testcases.isEmpty() || imageNames.isEmpty()) {
      throw new IllegalArgumentException("a test query needs at least one testcase and one image");
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, was " + pollInterval);
    }
  }

  /** A query where every image needs every testcase. */
  public TestQuery(String composeId, List<String> testcases, List<String> imageNames, Duration pollInterval) {
    this(composeId, testcases, imageNames, pollInterval, Map.of());
  }

  /** The testcases this image must pass. */
  public List<String> testcasesOf(String imageName) {
    return List.copyOf(testcasesByImage.getOrDefault(imageName, testcases));
  }
}
