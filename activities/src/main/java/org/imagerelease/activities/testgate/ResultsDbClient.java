package org.imagerelease.activities.testgate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads results from the ResultsDB API v2.0 ({@code GET <api>/results/latest}). A server that
 * does not answer, or answers 5xx or 429, is unavailable for now ({@link
 * ResultsDbUnavailableException}); any other 4xx means the configured URL is wrong, a {@link
 * ReleaseException} of type {@code ConfigurationError} naming it.
 */
public final class ResultsDbClient {
  private static final Logger log = LoggerFactory.getLogger(ResultsDbClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final URI apiBase;
  private final HttpClient http;
  private final Duration requestTimeout;

  /**
   * @param apiBase the API root, e.g. {@code https://resultsdb.fedoraproject.org/api/v2.0}
   */
  public ResultsDbClient(URI apiBase) {
    this(apiBase, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  public ResultsDbClient(URI apiBase, Duration connectTimeout, Duration requestTimeout) {
    String base = apiBase.toString();
    this.apiBase = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The API root results are read from. */
  public URI apiBase() {
    return apiBase;
  }

  /**
   * The latest result of each testcase for each item (ResultsDB's {@code _distinct_on=item};
   * without it {@code /results/latest} gives only the latest of a testcase over all items).
   */
  public List<ResultsDbResult> latestResults(Collection<String> testcases, Collection<String> items)
      throws ResultsDbUnavailableException, InterruptedException {
    URI uri = latestResultsUri(testcases, items);
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ResultsDbUnavailableException("ResultsDB at " + apiBase + " did not answer: " + describe(e), e);
    }
    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      throw new ResultsDbUnavailableException("ResultsDB at " + apiBase + " answered " + status + messageOf(response.body()));
    }
    if (status >= 400) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "ResultsDB at "
              + apiBase
              + " answered "
              + status
              + messageOf(response.body())
              + " for "
              + uri
              + ": check [consumer_config.resultsdb] url, the API root ending in /api/v2.0");
    }
    return resultsOf(response.body());
  }

  URI latestResultsUri(Collection<String> testcases, Collection<String> items) {
    return URI.create(
        apiBase
            + "/results/latest?testcases="
            + commaSeparated(testcases)
            + "&item="
            + commaSeparated(items)
            + "&_distinct_on=item");
  }

  private List<ResultsDbResult> resultsOf(String body) throws ResultsDbUnavailableException {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
      if (answer == null || answer.isMissingNode()) {
        throw new ResultsDbUnavailableException("ResultsDB at " + apiBase + " answered with an empty body");
      }
    } catch (JsonProcessingException e) {
      // An HTML error page from a proxy in front of ResultsDB, most likely; it may pass.
      throw new ResultsDbUnavailableException("ResultsDB at " + apiBase + " answered with something not JSON: " + abbreviated(body));
    }
    JsonNode data = answer.path("data");
    if (!data.isArray()) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "ResultsDB at " + apiBase + " answered without a data list: is it the API v2.0 root? " + abbreviated(body));
    }
    List<ResultsDbResult> results = new ArrayList<>();
    for (JsonNode element : data) {
      try {
        results.add(ResultsDbResult.parse(element));
      } catch (MalformedResultException e) {
        log.warn("ResultsDB at {} returned a result that is skipped: {}", apiBase, e.getMessage());
      }
    }
    return results;
  }

  private static String commaSeparated(Collection<String> values) {
    // ResultsDB splits each filter on commas: comma means OR. A value is encoded on its own.
    return values.stream().map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
  }

  /** ResultsDB's error answers are {@code {"message": "..."}}. */
  private static String messageOf(String body) {
    try {
      JsonNode message = JSON.readTree(body).path("message");
      return message.isTextual() ? " (" + message.asText() + ")" : "";
    } catch (JsonProcessingException e) {
      return "";
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String abbreviated(String body) {
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() <= 120 ? flat : flat.substring(0, 120) + "...";
  }
}
