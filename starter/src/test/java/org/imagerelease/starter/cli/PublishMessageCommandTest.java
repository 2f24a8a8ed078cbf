package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.disk.DiskImageSpec;
import org.imagerelease.starter.ImageReleaseCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image-release publish-message}: dumps in the shape of shared/samples/ go on the wire as
 * they are, or rewritten to point at a compose or at a release's images, under their own
 * complete topic, whatever topic_prefix the configuration has.
 */
class PublishMessageCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PUBLISHED = Pattern.compile("^  ([0-9a-f-]{36})  (\\S+)$", Pattern.MULTILINE);
  private static LocalBroker broker;

  @TempDir Path directory;
  private final String environment = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path config;

  @BeforeAll
  static void startBroker() {
    broker = LocalBroker.realOrEmbedded();
    System.out.println("AMQP broker for " + PublishMessageCommandTest.class.getSimpleName() + ": " + broker.description());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  /** A configuration whose topic_prefix must not end up in front of the dumps' complete topics. */
  @BeforeEach
  void writeConfig() throws IOException {
    config =
        Files.writeString(
            directory.resolve("config.toml"),
            "amqp_url = \"%s\"\ntopic_prefix = \"org.fedoraproject.elsewhere\"\n".formatted(broker.amqpUrl()));
  }

  @Test
  void aComposeDumpPointedAtACompose_isPublishedWithItsLocationAndMetadataAndAFreshId() throws Exception {
    DemoCompose compose = smallCompose();
    ObjectNode dump = composeFinishedDump();
    Path file = write(dump);

    try (TestQueue wire = new TestQueue(broker.amqpUrl(), List.of("org.fedoraproject." + environment + ".#", "org.fedoraproject.elsewhere.#"))) {
      int exit = publishMessage(file.toString(), "--location", compose.location().toString());

      assertThat(exit).as("stderr: %s", err).isZero();
      TestQueue.Received received = wire.take(1).get(0);
      assertThat(received.routingKey()).isEqualTo(dump.get("topic").asText());
      assertThat(printedIdsAndTopics()).containsExactly(Map.entry(received.properties().getMessageId(), received.routingKey()));
      assertThat(received.properties().getMessageId()).isNotEqualTo(dump.get("id").asText());
      assertThat(received.headers()).isEqualTo(JSON.convertValue(dump.get("headers"), Map.class));
      assertThat(received.properties().getContentType()).isEqualTo("application/json");
      assertThat(received.properties().getDeliveryMode()).isEqualTo(2);
      ObjectNode expected = ((ObjectNode) dump.get("body")).deepCopy();
      expected.put("location", compose.location().toAbsolutePath().toString());
      expected.put("compose_id", compose.composeId());
      expected.put("compose_date", "20261124");
      expected.put("compose_type", "nightly");
      expected.put("compose_respin", 0);
      assertThat(JSON.readTree(received.body())).isEqualTo(expected);
      assertThat(out.toString()).contains("compose " + compose.composeId() + " FINISHED at " + compose.location().toAbsolutePath());
      assertThat(wire.waiting()).isZero();
    }
  }

  @Test
  void aDumpWithoutRewritesIsPublishedIntact_itsIdIncluded() throws Exception {
    ObjectNode dump = composeFinishedDump();

    try (TestQueue wire = new TestQueue(broker.amqpUrl(), List.of("#." + environment + ".#"))) {
      int exit = publishMessage(write(dump).toString());

      assertThat(exit).as("stderr: %s", err).isZero();
      TestQueue.Received received = wire.take(1).get(0);
      assertThat(received.routingKey()).isEqualTo(dump.get("topic").asText());
      assertThat(received.properties().getMessageId()).isEqualTo(dump.get("id").asText());
      assertThat(received.headers()).isEqualTo(JSON.convertValue(dump.get("headers"), Map.class));
      assertThat(JSON.readTree(received.body())).isEqualTo(dump.get("body"));
    }
  }

  @Test
  void aResultDumpIsSentOncePerItemWithTheComposeAndTheRestOfItsDataKept() throws Exception {
    ObjectNode dump = resultDump();

    try (TestQueue wire = new TestQueue(broker.amqpUrl(), List.of("org.fedoraproject." + environment + ".resultsdb.result.new"))) {
      int exit = publishMessage(write(dump).toString(), "--compose-id", "Fedora-42-20261124.n.0", "--item", "a.raw.xz", "--item", "b.qcow2");

      assertThat(exit).as("stderr: %s", err).isZero();
      List<TestQueue.Received> received = wire.take(2);
      assertThat(received).hasSize(2);
      assertThat(received).extracting(r -> r.properties().getMessageId()).doesNotHaveDuplicates().doesNotContain(dump.get("id").asText());
      assertThat(received).extracting(r -> JSON.readTree(r.body()).at("/data/item/0").asText()).containsExactly("a.raw.xz", "b.qcow2");
      for (TestQueue.Received result : received) {
        JsonNode body = JSON.readTree(result.body());
        assertThat(body.at("/data/productmd.compose.id")).isEqualTo(JSON.readTree("[\"Fedora-42-20261124.n.0\"]"));
        assertThat(body.at("/data/source")).isEqualTo(dump.at("/body/data/source"));
        assertThat(body.get("testcase")).isEqualTo(dump.at("/body/testcase"));
        assertThat(body.get("outcome").asText()).isEqualTo("PASSED");
      }
    }
  }

  @Test
  void refusesToRewriteWhatTheDumpDoesNotHave() throws Exception {
    try (TestQueue wire = new TestQueue(broker.amqpUrl(), List.of("#." + environment + ".#"))) {
      int exit = publishMessage(write(composeFinishedDump()).toString(), "--item", "a.raw.xz");

      assertThat(exit).isEqualTo(2);
      assertThat(err.toString()).contains("--item and --outcome rewrite resultsdb.result.new dumps");
      Thread.sleep(200);
      assertThat(wire.waiting()).as("published anyway").isZero();
    }
  }

  private int publishMessage(String... arguments) {
    String[] args = new String[arguments.length + 3];
    args[0] = "publish-message";
    System.arraycopy(arguments, 0, args, 1, arguments.length);
    args[arguments.length + 1] = "--config";
    args[arguments.length + 2] = config.toString();
    return ImageReleaseCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  /** The id and topic of each message the command says it published, in order. */
  private List<Map.Entry<String, String>> printedIdsAndTopics() {
    Matcher matcher = PUBLISHED.matcher(out.toString());
    List<Map.Entry<String, String>> published = new java.util.ArrayList<>();
    while (matcher.find()) {
      published.add(Map.entry(matcher.group(1), matcher.group(2)));
    }
    return published;
  }

  private Path write(JsonNode dump) throws IOException {
    return Files.writeString(directory.resolve("dump-" + UUID.randomUUID() + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dump));
  }

  private DemoCompose smallCompose() throws IOException {
    DemoComposeSpec spec = DemoComposeSpec.nightly("42", "20261124", 0).withVirtualSize(16 * DiskImageSpec.MIB).withContainerImage(false);
    return new DemoComposeGenerator(spec).generate(directory.resolve("compose"));
  }

  /** shared/samples/pungi-compose-finished.json, in this test's environment. */
  private ObjectNode composeFinishedDump() {
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

  /** shared/samples/resultsdb-result-new.json, in this test's environment, its data shortened. */
  private ObjectNode resultDump() {
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
