package org.imagerelease.devtools.demo;

import java.util.List;

/**
 * What the local test runner found for one image and reported as its test result.
 *
 * @param imageName the image file name, ResultsDB's {@code item}
 * @param outcome the outcome reported: {@code PASSED} or {@code FAILED}
 * @param checks every check made, in order; the first failed one ends the list
 * @param refUrl the report file the result points at
 */
public record ImageTestReport(String imageName, String outcome, List<ImageCheck> checks, String refUrl) {
  public ImageTestReport {
    checks = List.copyOf(checks);
  }

  /** Whether every check held, whatever outcome was reported. */
  public boolean checksPassed() {
    return checks.stream().allMatch(ImageCheck::passed);
  }
}
