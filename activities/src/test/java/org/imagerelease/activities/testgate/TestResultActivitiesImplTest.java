package org.imagerelease.activities.testgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.testgate.ResultsDbJson.QCOW2;
import static org.imagerelease.activities.testgate.ResultsDbJson.RAW;
import static org.imagerelease.activities.testgate.ResultsDbJson.TESTCASE;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.imagerelease.activities.testgate.ResultsDbServer.Answer;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.TestResultActivities;
import org.imagerelease.workflows.model.TestQuery;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A poller that does not notice its cancellation would wait ten minutes: make that a failure.
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TestResultActivitiesImplTest {
  private static final String COMPOSE_ID = ResultsDbJson.COMPOSE_ID;

  private final ResultsDbServer resultsDb;
  private final TestActivityEnvironment temporal =
      TestActivityEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build());
  private final List<PollProgress> heartbeats = Collections.synchronizedList(new ArrayList<>());
  private final TestResultActivities poller;

  TestResultActivitiesImplTest() throws Exception {
    resultsDb = new ResultsDbServer();
    temporal.registerActivitiesImplementations(new TestResultActivitiesImpl(new ResultsDbClient(resultsDb.apiBase())));
    temporal.setActivityHeartbeatListener(PollProgress.class, heartbeats::add);
    poller =
        temporal.newActivityStub(
            TestResultActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() {
    temporal.close();
    resultsDb.close();
  }

  @Test
  void returnsOnceEveryImageHasAPassOrAFailure() {
    resultsDb.answers(
        Answer.ok(ResultsDbJson.latest(List.of())),
        Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(1, QCOW2, "PASSED")))),
        Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(1, QCOW2, "PASSED"), ResultsDbJson.result(2, RAW, "NEEDS_INSPECTION")))),
        Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(1, QCOW2, "PASSED"), ResultsDbJson.result(3, RAW, "PASSED")))));

    List<TestResult> results = poller.awaitTestResults(query(Duration.ofMillis(20)));

    assertThat(results)
        .containsExactlyInAnyOrder(
            new TestResult(TESTCASE, QCOW2, "PASSED", "https://openqa.example.test/tests/1"),
            new TestResult(TESTCASE, RAW, "PASSED", "https://openqa.example.test/tests/3"));
    assertThat(resultsDb.requests).hasSize(4);
    assertThat(heartbeats).isNotEmpty();
    assertThat(heartbeats.get(0).rounds()).as("the first round beats at once").isEqualTo(1);
  }

  @Test
  void aFailureEndsThePollBeforeEveryImageHasAResult() {
    resultsDb.answers(Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(5, RAW, "FAILED")))));

    List<TestResult> results = poller.awaitTestResults(query(Duration.ofMillis(20)));

    assertThat(results).extracting(TestResult::outcome).containsExactly("FAILED");
    assertThat(resultsDb.requests).hasSize(1);
  }

  @Test
  void keepsTheNewestResultOfEachImageAskedAbout() {
    resultsDb.answers(
        Answer.ok(
            ResultsDbJson.latest(
                List.of(
                    ResultsDbJson.result(1, TESTCASE, QCOW2, "FAILED", "2024-10-27T09:00:00.000001"),
                    ResultsDbJson.result(2, TESTCASE, QCOW2, "PASSED", "2024-10-27T11:00:00.000001"),
                    ResultsDbJson.result(3, "compose.base_selinux", RAW, "FAILED", "2024-10-27T11:00:00.000001"),
                    ResultsDbJson.result(4, TESTCASE, "Fedora-Container-Base-41-1.4.x86_64.tar.xz", "FAILED", "2024-10-27T11:00:00.000001"),
                    ResultsDbJson.result(5, TESTCASE, RAW, "PASSED", "2024-10-27T10:00:00.000001")))));

    List<TestResult> results = poller.awaitTestResults(query(Duration.ofMillis(20)));

    assertThat(results).extracting(TestResult::outcome).containsOnly("PASSED").hasSize(2);
  }

  @Test
  void anUnavailableResultsDbCostsOnlyARound() {
    resultsDb.answers(
        Answer.status(503, "{\"message\": \"maintenance\"}"),
        Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(1, QCOW2, "PASSED"), ResultsDbJson.result(2, RAW, "PASSED")))));

    assertThat(poller.awaitTestResults(query(Duration.ofMillis(20)))).hasSize(2);
    assertThat(heartbeats.get(0).lastProblem()).contains("answered 503 (maintenance)");
  }

  @Test
  void aWrongUrlFailsThePollerForGood() {
    resultsDb.answers(Answer.status(404, "{\"message\": \"Not Found\"}"));

    assertThatThrownBy(() -> poller.awaitTestResults(query(Duration.ofMillis(20))))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains(resultsDb.apiBase().toString());
            });
  }

  @Test
  void stopsWhenCancelledBetweenRounds() throws Exception {
    CountDownLatch firstBeat = new CountDownLatch(1);
    temporal.setActivityHeartbeatListener(PollProgress.class, details -> firstBeat.countDown());
    Thread canceller =
        new Thread(
            () -> {
              try {
                firstBeat.await();
                temporal.requestCancelActivity();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    canceller.start();

    // Rounds far apart: the cancellation reaches the poller while it waits, by a heartbeat.
    assertThatThrownBy(() -> poller.awaitTestResults(query(Duration.ofMinutes(10)))).isInstanceOf(CanceledFailure.class);
    canceller.join();
    assertThat(resultsDb.requests).as("ResultsDB asked once").hasSize(1);
  }

  @Test
  void aRetryCarriesOnCountingFromTheLastHeartbeat() {
    temporal.setHeartbeatDetails(new PollProgress(7, List.of(), "ResultsDB at ... answered 502"));
    resultsDb.answers(Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(1, QCOW2, "PASSED"), ResultsDbJson.result(2, RAW, "PASSED")))));

    poller.awaitTestResults(query(Duration.ofMillis(20)));

    assertThat(heartbeats.get(0).rounds()).isEqualTo(8);
    assertThat(heartbeats.get(0).lastProblem()).isEmpty();
  }

  private static TestQuery query(Duration pollInterval) {
    return new TestQuery(COMPOSE_ID, List.of(TESTCASE), List.of(QCOW2, RAW), pollInterval);
  }
}
