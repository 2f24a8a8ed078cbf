package org.imagerelease.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;

/** Reads test results from the test system's store (ResultsDB) when no message brought them. */
@ActivityInterface
public interface TestResultActivities {

  /**
   * Asks ResultsDB every poll interval for the latest result of every testcase for every image,
   * heartbeating what it has seen, until each has PASSED or FAILED or any FAILED; returns those
   * latest results. Makes nothing; never gives up by itself: the gate cancels it when it decides
   * or times out. A retry starts asking again.
   */
  @ActivityMethod
  List<TestResult> awaitTestResults(TestQuery query);
}
