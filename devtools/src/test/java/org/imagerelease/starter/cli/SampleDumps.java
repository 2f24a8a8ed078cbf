package org.imagerelease.starter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Message dumps in the shape of deploy/messages/, built by code, in a test's own topic environment. */
public final class SampleDumps {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SampleDumps() {}

  /** deploy/messages/pungi-compose-finished.json, in an environment of the test's. */
  public static ObjectNode composeFinished(String environment) {
    ObjectNode dump = JSON.createObjectNode();
    ObjectNode body = dump.putObject("body");
    body.put("compose_date", "20241027");
    body.put("compose_id", "Fedora-41-20241027.0");
    body.put("compose_label", "RC-1.4");
    body.put("compose_path", "/mnt/koji/compose/41/Fedora-41-20241027.0");
    body.put("compose_respin", 0);
    body.put("compose_type", "production");
    body.put("location", "https://kojipkgs.fedoraproject.org/compose/41/Fedora-41-20241027.0/compose");
    body.put("release_is_layered", false);
    body.put("release_name", "Fedora");
    body.put("release_short", "Fedora");
    body.put("release_type", "ga");
    body.put("release_version", "41");
    body.put("status", "FINISHED");
    headers(dump.putObject("headers"), "2024-10-27T08:47:36+00:00");
    dump.put("id", "ed979f1d-c7aa-4d82-bd26-8c33ab5ad064");
    dump.put("priority", 0);
    dump.putNull("queue");
    dump.put("topic", "org.fedoraproject." + environment + ".pungi.compose.status.change");
    return dump;
  }

  /** deploy/messages/resultsdb-result-new.json, in an environment of the test's, its data shortened. */
  public static ObjectNode resultNew(String environment) {
    ObjectNode dump = JSON.createObjectNode();
    ObjectNode body = dump.putObject("body");
    ObjectNode data = body.putObject("data");
    data.putArray("arch").add("x86_64");
    data.putArray("item").add("Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2");
    data.putArray("productmd.compose.id").add("Fedora-41-20241027.0");
    data.putArray("source").add("openqa");
    data.putArray("type").add("compose");
    body.putArray("groups").add("c3d2f6f8-5b52-5d0e-9d40-1d1c5e0a6a11");
    body.put("href", "https://resultsdb.fedoraproject.org/api/v2.0/results/53467215");
    body.put("id", 53467215);
    body.putNull("note");
    body.put("outcome", "PASSED");
    body.put("ref_url", "https://openqa.fedoraproject.org/tests/2934417");
    body.put("submit_time", "2024-10-27T10:14:52.804117");
    ObjectNode testcase = body.putObject("testcase");
    testcase.put("href", "https://resultsdb.fedoraproject.org/api/v2.0/testcases/compose.cloud_autocloud");
    testcase.put("name", "compose.cloud_autocloud");
    testcase.put("ref_url", "https://openqa.fedoraproject.org/tests/2934417");
    headers(dump.putObject("headers"), "2024-10-27T10:14:53+00:00");
    dump.put("id", "512de632-253c-4ce6-bf4a-253ed84f61c5");
    dump.put("priority", 0);
    dump.putNull("queue");
    dump.put("topic", "org.fedoraproject." + environment + ".resultsdb.result.new");
    return dump;
  }

  private static void headers(ObjectNode headers, String sentAt) {
    headers.put("fedora_messaging_schema", "base.message");
    headers.put("fedora_messaging_severity", 20);
    headers.put("priority", 0);
    headers.put("sent-at", sentAt);
  }
}
