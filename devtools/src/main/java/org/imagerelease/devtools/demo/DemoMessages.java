package org.imagerelease.devtools.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.FedoraMessageCodec;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.TestResult;

/**
 * The messages the demo's stand-ins for Pungi and ResultsDB send, shaped like the real ones in
 * deploy/messages/ (pungi-compose-finished.json, resultsdb-result-new.json). Topics are given
 * without the environment; the publisher puts the demo's topic prefix in front, as
 * fedora-messaging does for Pungi and ResultsDB.
 */
final class DemoMessages {
  static final String COMPOSE_STATUS = "pungi.compose.status.change";
  static final String RESULT_NEW = "resultsdb.result.new";
  /** ResultsDB's {@code submit_time}: naive UTC with microseconds, as its API writes it. */
  private static final DateTimeFormatter SUBMIT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  /** No ResultsDB runs in the demo: its API addresses are on a name that can never resolve. */
  private static final String RESULTSDB_API = "https://resultsdb.demo.invalid/api/v2.0";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Clock clock;

  DemoMessages(Clock clock) {
    this.clock = clock;
  }

  /**
   * Pungi's announcement that the compose finished, with the location it is served at.
   *
   * @param composeDirectory Pungi's {@code compose/} directory on "the compose host"
   * @param location the URL of that directory as served
   */
  FedoraMessage composeFinished(DemoComposeSpec spec, Path composeDirectory, String location) {
    ObjectNode body = JSON.objectNode();
    body.put("compose_date", spec.date());
    body.put("compose_id", spec.composeId());
    // Pungi labels production composes only (RC-1.4, Beta-1.2); a nightly has none.
    body.putNull("compose_label");
    body.put("compose_path", composeDirectory.getParent().toString());
    body.put("compose_respin", spec.respin());
    body.put("compose_type", spec.type());
    body.put("location", location);
    body.put("release_is_layered", false);
    body.put("release_name", spec.shortName());
    body.put("release_short", spec.shortName());
    body.put("release_type", "ga");
    body.put("release_version", spec.release());
    body.put("status", "FINISHED");
    return message(COMPOSE_STATUS, body);
  }

  /**
   * ResultsDB's announcement of a new result: the API v2.0 result object, every data value a
   * list of strings, the image in {@code item} and its compose in {@code productmd.compose.id}.
   *
   * @param resultId ResultsDB's id of the result
   */
  FedoraMessage resultNew(String composeId, ImageArtifact image, TestResult result, long resultId) {
    ObjectNode body = JSON.objectNode();
    ObjectNode data = body.putObject("data");
    data.putArray("arch").add(image.arch());
    data.putArray("item").add(result.item());
    data.putArray("meta.conventions").add("result productmd.compose productmd.image");
    data.putArray("productmd.compose.id").add(composeId);
    data.putArray("productmd.image.arch").add(image.arch());
    data.putArray("productmd.image.format").add(image.format());
    data.putArray("productmd.image.subvariant").add(image.subvariant());
    data.putArray("productmd.image.type").add(image.type());
    data.putArray("source").add("image-release-demo");
    data.putArray("type").add("compose");
    body.putArray("groups").add(UUID.nameUUIDFromBytes(composeId.getBytes(StandardCharsets.UTF_8)).toString());
    body.put("href", RESULTSDB_API + "/results/" + resultId);
    body.put("id", resultId);
    body.putNull("note");
    body.put("outcome", result.outcome());
    body.put("ref_url", result.refUrl());
    body.put("submit_time", LocalDateTime.now(clock).format(SUBMIT_TIME));
    ObjectNode testcase = body.putObject("testcase");
    testcase.put("href", RESULTSDB_API + "/testcases/" + result.testcase());
    testcase.put("name", result.testcase());
    testcase.put("ref_url", result.refUrl());
    return message(RESULT_NEW, body);
  }

  /** Headers as fedora-messaging sets them for senders without a schema package. */
  private FedoraMessage message(String topic, ObjectNode body) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put(FedoraMessage.SCHEMA, FedoraMessageCodec.BASE_SCHEMA);
    headers.put(FedoraMessage.SEVERITY, FedoraMessage.INFO);
    headers.put(FedoraMessageCodec.PRIORITY, 0);
    headers.put(FedoraMessage.SENT_AT, FedoraMessageCodec.sentAt(OffsetDateTime.now(clock)));
    return new FedoraMessage(UUID.randomUUID().toString(), topic, headers, body);
  }
}
