package org.imagerelease.workflows.model;

/**
 * One test result for one image, as ResultsDB reports it.
 *
 * @param testcase e.g. {@code compose.cloud_autocloud}
 * @param item the image file name, ResultsDB's {@code data.item}
 * @param outcome {@code PASSED}, {@code FAILED}, {@code INFO}, {@code NEEDS_INSPECTION} or a
 *     server-specific value; only PASSED passes
 * @param refUrl where a person reads the details; may be empty
 */
public record TestResult(String testcase, String item, String outcome, String refUrl) {
  public TestResult {
    refUrl = refUrl == null ? "" : refUrl;
    outcome = outcome == null ? "" : outcome.trim().toUpperCase(java.util.Locale.ROOT);
  }

  public boolean passed() {
    return "PASSED".equals(outcome);
  }

  public boolean failed() {
    return "FAILED".equals(outcome);
  }
}
