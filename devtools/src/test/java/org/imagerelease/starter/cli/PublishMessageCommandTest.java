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
 * {@code image-release publish-message}: what {@code fedora-messaging publish} takes (the
 * messages {@code fedora-messaging record} writes, one per line) goes on the wire as
 * fedora-messaging sends it, topic_prefix included; dumps in the shape of deploy/messages/ too,
 * as they are or rewritten to point at a compose or at a release's images.
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

  /** A configuration without topic_prefix, as recorded messages with complete topics are replayed. */
  @BeforeEach
  void writeConfig() throws IOException {
    config = Files.writeString(directory.resolve("config.toml"), "amqp_url = \"%s\"\n".formatted(broker.amqpUrl()));
  }

  /**
   * Two messages as fedora-messaging record writes them (json.dumps with sort_keys, one per line),
   * the second with only what its schema requires: both go out as fedora-messaging publish sends them.
   */
  @Test
  void theMessagesFedoraMessagingRecordWritesArePublishedAsFedoraMessagingPublishSendsThem() throws Exception {
    ObjectNode recorded = SampleDumps.composeFinished(environment);
    recorded.put("priority", 3);
    ObjectNode minimal = JSON.createObjectNode();
    minimal.put("topic", "org.fedoraproject." + environment + ".resultsdb.result.new");
    minimal.set("body", SampleDumps.resultNew(environment).get("body"));
    Path file = Files.writeString(directory.resolve("recorded.json"), sorted(recorded) + "\n" + sorted(minimal) + "\n");

    try (TestQueue wire = new TestQueue(broker.amqpUrl(), List.of("#." + environment + ".#"))) {
      int exit = publishMessage(file.toString());

      assertThat(exit).as("stderr: %s", err).isZero();
      List<TestQueue.Received> received = wire.take(2);
      assertThat(received).extracting(TestQueue.Received::routingKey).containsExactly(recorded.get("topic").asText(), minimal.get("topic").asText());
      assertThat(received.get(0).properties().getMessageId()).isEqualTo(recorded.get("id").asText());
      assertThat(received.get(0).properties().getPriority()).as("the dump's priority, as fedora-messaging's load_message sets it").isEqualTo(3);
      assertThat(received.get(0).headers()).containsEntry("priority", 3).containsEntry("sent-at", "2024-10-27T08:47:36+00:00");
      TestQueue.Received filled = received.get(1);
      assertThat(UUID.fromString(filled.properties().getMessageId()).version()).isEqualTo(4);
      assertThat(filled.headers())
          .containsEntry("fedora_messaging_schema", "base.message")
          .containsEntry("fedora_messaging_severity", 20)
          .containsEntry("priority", 0)
          .containsKey("sent-at");
      assertThat(JSON.readTree(filled.body())).isEqualTo(minimal.get("body"));
    }
  }

  @Test
  void topicPrefixIsPutInFrontAsFedoraMessagingDoes() throws Exception {
    Path prefixed = Files.writeString(directory.resolve("prefixed.toml"), "amqp_url = \"%s\"\ntopic_prefix = \"org.fedoraproject.%s\"\n".formatted(broker.amqpUrl(), environment));
    ObjectNode message = JSON.createObjectNode();
    message.put("topic", "pungi.compose.status.change");
    message.set("body", SampleDumps.composeFinished(environment).get("body"));

    try (TestQueue wire = new TestQueue(broker.amqpUrl(), List.of("org.fedoraproject." + environment + ".pungi.compose.status.change"))) {
      int exit = ImageReleaseCli.run(
          new String[] {"publish-message", write(message).toString(), "--config", prefixed.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));

      assertThat(exit).as("stderr: %s", err).isZero();
      assertThat(wire.take(1)).singleElement().satisfies(r -> assertThat(r.routingKey()).isEqualTo("org.fedoraproject." + environment + ".pungi.compose.status.change"));
    }
  }

  @Test
  void aMessageWithoutBodyIsRefusedNamingItsLine() throws Exception {
    Path file = Files.writeString(directory.resolve("bad.json"), sorted(SampleDumps.composeFinished(environment)) + "\n{\"topic\": \"a.b\"}\n");

    assertThat(publishMessage(file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("bad.json line 2: body is required and must be a JSON object");
  }

  @Test
  void aComposeDumpPointedAtACompose_isPublishedWithItsLocationAndMetadataAndAFreshId() throws Exception {
    DemoCompose compose = smallCompose();
    ObjectNode dump = SampleDumps.composeFinished(environment);
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
    ObjectNode dump = SampleDumps.composeFinished(environment);

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
    ObjectNode dump = SampleDumps.resultNew(environment);

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
      int exit = publishMessage(write(SampleDumps.composeFinished(environment)).toString(), "--item", "a.raw.xz");

      assertThat(exit).isEqualTo(2);
      assertThat(err.toString()).contains("--item and --outcome rewrite resultsdb.result.new messages");
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

  /** One line, keys sorted, as fedora_messaging.message.dumps writes. */
  private static String sorted(JsonNode dump) throws IOException {
    return JSON.copy().configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        .writeValueAsString(JSON.convertValue(dump, java.util.TreeMap.class));
  }

  private Path write(JsonNode dump) throws IOException {
    return Files.writeString(directory.resolve("dump-" + UUID.randomUUID() + ".json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(dump));
  }

  private DemoCompose smallCompose() throws IOException {
    DemoComposeSpec spec = DemoComposeSpec.nightly("42", "20261124", 0).withVirtualSize(16 * DiskImageSpec.MIB).withContainerImage(false);
    return new DemoComposeGenerator(spec).generate(directory.resolve("compose"));
  }
}
