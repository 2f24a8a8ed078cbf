package org.imagerelease.activities.testgate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.workflows.model.TestResult;

/**
 * One ResultsDB result in the API v2.0 shape, the body of {@code resultsdb.result.new} and an
 * element of {@code GET /results/latest}: {@code testcase.name}, {@code outcome}, {@code ref_url},
 * {@code submit_time} and {@code data}, whose every value is a list of strings. Other fields
 * ({@code id}, {@code groups}, {@code href}, {@code note}) are not needed and ignored.
 *
 * @param testcase e.g. {@code compose.cloud_autocloud}
 * @param outcome as ResultsDB has it: PASSED, FAILED, INFO, NEEDS_INSPECTION or a server extra
 * @param refUrl the result's details for a person; the testcase's when the result has none
 * @param submitTime ResultsDB's naive UTC ISO 8601 time, as sent; empty when absent
 * @param data the result's data, e.g. {@code item}, {@code productmd.compose.id}
 */
public record ResultsDbResult(
    String testcase, String outcome, String refUrl, String submitTime, Map<String, List<String>> data) {

  public ResultsDbResult {
    data = Map.copyOf(data);
  }

  /** Reads a v2.0 result object; the item is not required here, see {@link #item()}. */
  public static ResultsDbResult parse(JsonNode result) {
    if (result == null || !result.isObject()) {
      throw new MalformedResultException("the result is not a JSON object");
    }
    JsonNode testcase = result.path("testcase");
    String name = testcase.isTextual() ? testcase.asText() : text(testcase.path("name"));
    if (name.isBlank()) {
      throw new MalformedResultException("the result has no testcase name");
    }
    String outcome = text(result.path("outcome"));
    if (outcome.isBlank()) {
      throw new MalformedResultException("the result of " + name + " has no outcome");
    }
    String refUrl = text(result.path("ref_url"));
    if (refUrl.isEmpty()) {
      refUrl = text(testcase.path("ref_url"));
    }
    return new ResultsDbResult(name, outcome, refUrl, text(result.path("submit_time")), dataOf(name, result.path("data")));
  }

  /**
   * Reads the older {@code taskotron.result.new} body, {@code {"task": {"name", "item", "type"},
   * "result": {"outcome", "log_url", "submit_time"}}}; it names no compose.
   */
  public static ResultsDbResult parseLegacy(JsonNode body) {
    if (body == null || !body.isObject() || !body.path("task").isObject() || !body.path("result").isObject()) {
      throw new MalformedResultException("the body has no task and result objects");
    }
    JsonNode task = body.path("task");
    JsonNode result = body.path("result");
    String name = text(task.path("name"));
    if (name.isBlank()) {
      throw new MalformedResultException("the result has no task name");
    }
    String outcome = text(result.path("outcome"));
    if (outcome.isBlank()) {
      throw new MalformedResultException("the result of " + name + " has no outcome");
    }
    Map<String, List<String>> data = new LinkedHashMap<>();
    for (String key : List.of("item", "type")) {
      JsonNode value = task.path(key);
      if (!value.isMissingNode() && !value.isNull()) {
        if (!value.isTextual()) {
          throw new MalformedResultException("task." + key + " of the result of " + name + " is not a string");
        }
        data.put(key, List.of(value.asText()));
      }
    }
    return new ResultsDbResult(name, outcome, text(result.path("log_url")), text(result.path("submit_time")), data);
  }

  /** The image file name: the first value of {@code data.item}. */
  public Optional<String> item() {
    return first("item");
  }

  /** The compose the tested image is from: the first value of {@code data["productmd.compose.id"]}. */
  public Optional<String> composeId() {
    return first("productmd.compose.id");
  }

  /** The result as the release's test gate takes it; needs an item. */
  public TestResult toTestResult() {
    String image =
        item().orElseThrow(() -> new MalformedResultException("the result of " + testcase + " has no data.item"));
    return new TestResult(testcase, image, outcome, refUrl);
  }

  private Optional<String> first(String key) {
    List<String> values = data.get(key);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static Map<String, List<String>> dataOf(String testcase, JsonNode data) {
    if (data.isMissingNode() || data.isNull()) {
      return Map.of();
    }
    if (!data.isObject()) {
      throw new MalformedResultException("data of the result of " + testcase + " is not an object");
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : data.properties()) {
      values.put(field.getKey(), strings(testcase, field.getKey(), field.getValue()));
    }
    return values;
  }

  private static List<String> strings(String testcase, String key, JsonNode value) {
    if (!value.isArray()) {
      throw new MalformedResultException("data." + key + " of the result of " + testcase + " is not a list of strings");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new MalformedResultException("data." + key + " of the result of " + testcase + " is not a list of strings");
      }
      strings.add(element.asText());
    }
    return List.copyOf(strings);
  }

  private static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : "";
  }
}
