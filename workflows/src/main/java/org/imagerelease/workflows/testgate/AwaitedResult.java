package org.imagerelease.workflows.testgate;

/**
 * A result an image's gate waits for: a passing {@code testcase} of {@code item}, the image file
 * name ResultsDB reports it under (the image's own, or its sibling's).
 */
public record AwaitedResult(String testcase, String item) {
  @Override
  public String toString() {
    return testcase + " of " + item;
  }
}
