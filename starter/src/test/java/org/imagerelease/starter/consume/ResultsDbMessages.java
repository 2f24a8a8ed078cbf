package org.imagerelease.starter.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import org.imagerelease.activities.messaging.FedoraMessage;

/** ResultsDB's messages as fedora-messaging delivers them (see deploy/messages/resultsdb-result-new.json). */
final class ResultsDbMessages {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TESTCASE = "compose.cloud_autocloud";
  static final String TOPIC = "org.fedoraproject.prod.resultsdb.result.new";
  static final String LEGACY_TOPIC = "org.fedoraproject.prod.taskotron.result.new";

  private ResultsDbMessages() {}

  /** A result object as ResultsDB API v2.0 serializes it: the body of resultsdb.result.new. */
  static ObjectNode result(String testcase, String item, String composeId, String outcome) {
    ObjectNode result = JSON.createObjectNode();
    ObjectNode data = result.putObject("data");
    data.putArray("arch").add("x86_64");
    data.putArray("item").add(item);
    data.putArray("productmd.compose.id").add(composeId);
    data.putArray("productmd.compose.type").add("nightly");
    data.putArray("source").add("openqa");
    data.putArray("type").add("compose");
    result.putArray("groups").add(UUID.randomUUID().toString());
    result.put("href", "https://resultsdb.example.test/api/v2.0/results/53467215");
    result.put("id", 53467215);
    result.putNull("note");
    result.put("outcome", outcome);
    result.put("ref_url", "https://openqa.example.test/tests/2934417");
    result.put("submit_time", "2026-11-24T10:14:52.804117");
    ObjectNode testcaseNode = result.putObject("testcase");
    testcaseNode.put("href", "https://resultsdb.example.test/api/v2.0/testcases/" + testcase);
    testcaseNode.put("name", testcase);
    testcaseNode.put("ref_url", "https://openqa.example.test/tests/2934417");
    return result;
  }

  /** The older {task, result} body of taskotron.result.new. */
  static ObjectNode legacyResult(String testcase, String item, String outcome) {
    ObjectNode legacy = JSON.createObjectNode();
    ObjectNode task = legacy.putObject("task");
    task.put("item", item);
    task.put("name", testcase);
    task.put("type", "compose");
    ObjectNode result = legacy.putObject("result");
    result.put("id", 53467215);
    result.put("log_url", "https://openqa.example.test/tests/9");
    result.put("outcome", outcome);
    result.putNull("prev_outcome");
    result.put("submit_time", "2026-11-25 10:14:52 UTC");
    return legacy;
  }

  static FedoraMessage message(JsonNode body) {
    return message(TOPIC, body);
  }

  static FedoraMessage message(String topic, JsonNode body) {
    return new FedoraMessage(
        UUID.randomUUID().toString(),
        topic,
        Map.of(
            FedoraMessage.SCHEMA, "base.message",
            FedoraMessage.SEVERITY, FedoraMessage.INFO,
            FedoraMessage.SENT_AT, "2026-11-24T10:14:53+00:00"),
        body);
  }
}
