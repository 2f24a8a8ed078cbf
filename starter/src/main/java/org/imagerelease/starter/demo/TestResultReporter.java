package org.imagerelease.starter.demo;

import org.imagerelease.workflows.model.TestResult;

/** Where a test system's results go: in production the ResultsDB consumer signals the release. */
@FunctionalInterface
public interface TestResultReporter {
  void report(String composeId, TestResult result);
}
