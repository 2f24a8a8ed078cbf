package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.List;

/**
 * What the ResultsDB polling fallback waits for: a result of every testcase for every image.
 *
 * @param composeId the compose the images belong to, for the logs
 * @param testcases ResultsDB testcase names, e.g. {@code compose.cloud_autocloud}
 * @param imageNames image file names, ResultsDB's {@code data.item}
 * @param pollInterval how long to wait between two questions to ResultsDB
 */
public record TestQuery(String composeId, List<String> testcases, List<String> imageNames, Duration pollInterval) {
  public TestQuery {
    testcases = List.copyOf(testcases);
    imageNames = List.copyOf(imageNames);
    if (testcases.isEmpty() || imageNames.isEmpty()) {
      throw new IllegalArgumentException("a test query needs at least one testcase and one image");
    }
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive, was " + pollInterval);
    }
  }
}
