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
 * {@code image-release publish-message}: dumps in the shape of deploy/messages/ go on the wire as
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
}
