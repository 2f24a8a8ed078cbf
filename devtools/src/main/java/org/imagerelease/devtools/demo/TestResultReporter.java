package org.imagerelease.devtools.demo;

import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.TestResult;

/**
 * Where a test system's results go: signalled to the release directly, or announced on the bus
 * as ResultsDB does, for the consumer to signal (demo --amqp).
 */
@FunctionalInterface
public interface TestResultReporter {
  /**
   * @param image the tested image, whose metadata a ResultsDB result carries in its data
   * @param result what the gate takes
   */
  void report(String composeId, ImageArtifact image, TestResult result);
}
