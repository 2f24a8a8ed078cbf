package org.imagerelease.activities.testgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.testgate.ResultsDbJson.QCOW2;
import static org.imagerelease.activities.testgate.ResultsDbJson.RAW;
import static org.imagerelease.activities.testgate.ResultsDbJson.TESTCASE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.testgate.ResultsDbServer.Answer;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResultsDbClientTest {
  private final ResultsDbServer server;
  private final ResultsDbClient client;

  ResultsDbClientTest() throws IOException {
    server = new ResultsDbServer();
    client = new ResultsDbClient(server.apiBase(), Duration.ofSeconds(2), Duration.ofMillis(500));
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void readsTheLatestResultsOfAv2Answer() throws Exception {
    ObjectNode withUnknownField = ResultsDbJson.result(53467216, RAW, "FAILED");
    withUnknownField.put("added_in_a_later_version", true);
    server.answers(Answer.ok(ResultsDbJson.latest(List.of(ResultsDbJson.result(53467215, QCOW2, "PASSED"), withUnknownField))));

    List<ResultsDbResult> results = client.latestResults(List.of(TESTCASE), List.of(QCOW2, RAW));

    assertThat(results)
        .extracting(ResultsDbResult::toTestResult)
        .containsExactly(
            new TestResult(TESTCASE, QCOW2, "PASSED", "https://openqa.example.test/tests/53467215"),
            new TestResult(TESTCASE, RAW, "FAILED", "https://openqa.example.test/tests/53467216"));
    assertThat(results.get(0).composeId()).contains(ResultsDbJson.COMPOSE_ID);
    assertThat(results.get(0).submitTime()).isEqualTo("2024-10-27T10:14:52.804117");
  }

  @Test
  void asksForTheLatestResultPerItemOfTheTestcasesWithCommasMeaningOr() throws Exception {
    client.latestResults(List.of(TESTCASE, "compose.cloud base&more"), List.of(QCOW2, RAW));

    assertThat(server.requests).hasSize(1);
    URI asked = server.requests.get(0);
    assertThat(asked.getRawPath()).isEqualTo("/api/v2.0/results/latest");
    assertThat(asked.getRawQuery())
        .isEqualTo("testcases=compose.cloud_autocloud,compose.cloud+base%26more&item=" + QCOW2 + "," + RAW + "&_distinct_on=item");
  }

  @Test
  void anApiRootWithATrailingSlashAsksTheSamePath() throws Exception {
    new ResultsDbClient(URI.create(server.apiBase() + "/")).latestResults(List.of(TESTCASE), List.of(QCOW2));

    assertThat(server.requests.get(0).getRawPath()).isEqualTo("/api/v2.0/results/latest");
  }

  @Test
  void skipsAResultThatIsNotShapedLikeOne() throws Exception {
    ObjectNode broken = ResultsDbJson.result(2, RAW, "PASSED");
    broken.putObject("data").put("item", RAW);
    server.answers(Answer.ok(ResultsDbJson.latest(List.of(broken, ResultsDbJson.result(1, QCOW2, "PASSED")))));

    assertThat(client.latestResults(List.of(TESTCASE), List.of(QCOW2, RAW))).extracting(r -> r.item().orElseThrow()).containsExactly(QCOW2);
  }

  @Test
  void aClientErrorIsAConfigurationErrorNamingTheUrl() {
    server.answers(Answer.status(404, "{\"message\": \"Not Found\"}"));

    assertThatThrownBy(() -> client.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION))
        .hasMessageContaining("ResultsDB at " + server.apiBase() + " answered 404 (Not Found)")
        .hasMessageContaining("[consumer_config.resultsdb] url");
  }

  @Test
  void anAnswerWithoutADataListIsAConfigurationError() {
    server.answers(Answer.ok("{\"testcases\": []}"));

    assertThatThrownBy(() -> client.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("without a data list");
  }

  @Test
  void serverErrorsAndThrottlingMayPass() {
    server.answers(Answer.status(503, "{\"message\": \"maintenance\"}"), Answer.status(429, ""));

    assertThatThrownBy(() -> client.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOf(ResultsDbUnavailableException.class)
        .hasMessage("ResultsDB at " + server.apiBase() + " answered 503 (maintenance)");
    assertThatThrownBy(() -> client.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOf(ResultsDbUnavailableException.class)
        .hasMessageContaining("answered 429");
  }

  @Test
  void anHtmlErrorPageMayPass() {
    server.answers(Answer.ok("<html><body>Bad gateway</body></html>"));

    assertThatThrownBy(() -> client.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOf(ResultsDbUnavailableException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void aSlowAnswerTimesOutAsUnavailable() {
    server.answers(new Answer(200, ResultsDbJson.latest(List.of()), Duration.ofSeconds(5)));

    assertThatThrownBy(() -> client.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOf(ResultsDbUnavailableException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("HttpTimeoutException");
  }

  @Test
  void aServerNobodyListensOnIsUnavailable() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ResultsDbClient nowhere = new ResultsDbClient(URI.create("http://127.0.0.1:" + port + "/api/v2.0"));

    assertThatThrownBy(() -> nowhere.latestResults(List.of(TESTCASE), List.of(QCOW2)))
        .isInstanceOf(ResultsDbUnavailableException.class)
        .hasMessageContaining("did not answer");
  }
}
