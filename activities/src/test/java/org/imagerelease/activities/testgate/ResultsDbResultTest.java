package org.imagerelease.activities.testgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.testgate.ResultsDbJson.JSON;
import static org.imagerelease.activities.testgate.ResultsDbJson.QCOW2;
import static org.imagerelease.activities.testgate.ResultsDbJson.TESTCASE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imagerelease.workflows.model.TestResult;
import org.junit.jupiter.api.Test;

class ResultsDbResultTest {

  @Test
  void readsTestcaseItemComposeOutcomeAndReference() {
    ResultsDbResult result = ResultsDbResult.parse(ResultsDbJson.result(53467215, QCOW2, "PASSED"));

    assertThat(result.toTestResult()).isEqualTo(new TestResult(TESTCASE, QCOW2, "PASSED", "https://openqa.example.test/tests/53467215"));
    assertThat(result.composeId()).contains(ResultsDbJson.COMPOSE_ID);
  }

  @Test
  void takesTheTestcaseReferenceWhenTheResultHasNone() {
    ObjectNode body = ResultsDbJson.result(7, QCOW2, "PASSED");
    body.putNull("ref_url");
    ((ObjectNode) body.get("testcase")).put("ref_url", "https://openqa.example.test/testcase");

    assertThat(ResultsDbResult.parse(body).refUrl()).isEqualTo("https://openqa.example.test/testcase");
  }

  @Test
  void refusesAResultWithoutTestcaseName() {
    ObjectNode body = ResultsDbJson.result(7, QCOW2, "PASSED");
    body.remove("testcase");

    assertThatThrownBy(() -> ResultsDbResult.parse(body)).isInstanceOf(MalformedResultException.class).hasMessageContaining("no testcase name");
  }

  @Test
  void refusesDataValuesThatAreNotListsOfStrings() {
    ObjectNode scalar = ResultsDbJson.result(7, QCOW2, "PASSED");
    ((ObjectNode) scalar.get("data")).put("arch", "x86_64");
    ObjectNode numbers = ResultsDbJson.result(7, QCOW2, "PASSED");
    ((ObjectNode) numbers.get("data")).putArray("productmd.compose.respin").add(0);

    assertThatThrownBy(() -> ResultsDbResult.parse(scalar)).hasMessageContaining("data.arch of the result of compose.cloud_autocloud is not a list of strings");
    assertThatThrownBy(() -> ResultsDbResult.parse(numbers)).hasMessageContaining("data.productmd.compose.respin");
  }

  @Test
  void aResultWithoutItemNamesNoImage() {
    ObjectNode body = ResultsDbJson.result(7, QCOW2, "PASSED");
    ((ObjectNode) body.get("data")).remove("item");
    ResultsDbResult result = ResultsDbResult.parse(body);

    assertThat(result.item()).isEmpty();
    assertThatThrownBy(result::toTestResult).isInstanceOf(MalformedResultException.class).hasMessageContaining("no data.item");
  }

  @Test
  void readsTheLegacyTaskotronShape() throws Exception {
    String legacy =
        "{\"result\": {\"id\": 53467215, \"log_url\": \"https://openqa.example.test/tests/1\", \"outcome\": \"FAILED\","
            + " \"prev_outcome\": null, \"submit_time\": \"2024-10-27 10:14:52 UTC\"},"
            + " \"task\": {\"item\": \"" + QCOW2 + "\", \"name\": \"compose.cloud_autocloud\", \"type\": \"compose\"}}";

    ResultsDbResult result = ResultsDbResult.parseLegacy(JSON.readTree(legacy));

    assertThat(result.toTestResult()).isEqualTo(new TestResult(TESTCASE, QCOW2, "FAILED", "https://openqa.example.test/tests/1"));
    assertThat(result.composeId()).isEmpty();
  }
}
