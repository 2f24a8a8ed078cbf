package org.imagerelease.activities.testgate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Results shaped as ResultsDB API v2.0 serializes them (an openQA compose test result, as in
 * ResultsDB's GET /api/v2.0/results/latest), with invented values.
 */
final class ResultsDbJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String COMPOSE_ID = "Fedora-41-20241027.0";
  static final String TESTCASE = "compose.cloud_autocloud";
  static final String QCOW2 = "Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2";
  static final String RAW = "Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz";

  private ResultsDbJson() {}

  /** One result object with every field ResultsDB sends. */
  static ObjectNode result(long id, String testcase, String item, String outcome, String submitTime) {
    ObjectNode result = JSON.createObjectNode();
    ObjectNode data = result.putObject("data");
    list(data, "arch", "x86_64");
    list(data, "firmware", "bios");
    list(data, "item", item);
    list(data, "meta.conventions", "result productmd.compose fedora.compose productmd.image fedora.image");
    list(data, "productmd.compose.id", COMPOSE_ID);
    list(data, "productmd.compose.type", "production");
    list(data, "productmd.image.format", "qcow2");
    list(data, "scenario", "fedora.Cloud_Base-qcow2-qcow2.x86_64.64bit");
    list(data, "source", "openqa");
    list(data, "type", "compose");
    ArrayNode groups = result.putArray("groups");
    groups.add("c3d2f6f8-5b52-5d0e-9d40-1d1c5e0a6a11");
    groups.add("0b7f4a2e-8a4c-5b7e-a3d6-6f2a9b1c4e21");
    result.put("href", "https://resultsdb.example.test/api/v2.0/results/" + id);
    result.put("id", id);
    result.putNull("note");
    result.put("outcome", outcome);
    result.put("ref_url", "https://openqa.example.test/tests/" + id);
    result.put("submit_time", submitTime);
    ObjectNode testcaseNode = result.putObject("testcase");
    testcaseNode.put("href", "https://resultsdb.example.test/api/v2.0/testcases/" + testcase);
    testcaseNode.put("name", testcase);
    testcaseNode.put("ref_url", "https://openqa.example.test/tests/" + id);
    return result;
  }

  static ObjectNode result(long id, String item, String outcome) {
    return result(id, TESTCASE, item, outcome, "2024-10-27T10:14:52.804117");
  }

  /** The answer of {@code GET /results/latest}: only {@code data}, no paging. */
  static String latest(List<ObjectNode> results) {
    ObjectNode answer = JSON.createObjectNode();
    answer.putArray("data").addAll(results);
    return answer.toString();
  }

  private static void list(ObjectNode data, String key, String value) {
    data.putArray(key).add(value);
  }
}
