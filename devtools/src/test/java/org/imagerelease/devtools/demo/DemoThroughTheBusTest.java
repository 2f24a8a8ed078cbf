package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.devtools.DevtoolsCli;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.starter.bus.BusEvent;
import org.imagerelease.workflows.model.ReleaseStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image-release demo --amqp}: the compose announced on the bus starts the release, the
 * results sent as ResultsDB messages open (or close) its gate, and its events are seen on
 * amq.topic. Once on the local RabbitMQ if it answers (else an embedded broker), through the
 * command line; once always on the embedded broker.
 */
class DemoThroughTheBusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void theBusStartsTheReleaseOpensItsGateAndCarriesItsEvents() throws Exception {
    int exit =
        DevtoolsCli.run(
            new String[] {"demo", "--amqp", "--json", "--keep", workDirectory.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));

    JsonNode report = JSON.readTree(out.toString());
    System.out.println("AMQP broker for " + getClass().getSimpleName() + " (command line): " + report.path("broker").asText());
    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    assertThat(report.get("stage").asText()).isEqualTo("RELEASED");
    assertThat(report.get("gateOutcome").asText()).isEqualTo("PASSED");
    String prefix = report.get("topicPrefix").asText();
    assertThat(prefix).startsWith("org.fedoraproject.demo-");
    assertThat(err.toString()).contains("Announced compose " + report.get("composeId").asText() + " as FINISHED");

    List<String> topics = new ArrayList<>();
    report.get("busEvents").forEach(event -> topics.add(event.get("topic").asText()));
    assertThat(topics).allMatch(topic -> topic.startsWith(prefix + "."));
    assertThat(topics).as("three images uploaded to the mirror, one to AWS, one to Azure").filteredOn(topic -> topic.equals(prefix + ".image_release.image.uploaded")).hasSize(5);
    assertThat(topics).filteredOn(topic -> topic.startsWith(prefix + ".image_release.published.v1.mirror.")).hasSize(3);
    // AWS speaks fedora-image-uploader's message, so its consumers keep working.
    assertThat(topics).filteredOn(topic -> topic.startsWith(prefix + ".fedora_image_uploader.published.v1.aws.")).hasSize(1);
    assertThat(topics).filteredOn(topic -> topic.startsWith(prefix + ".fedora_image_uploader.published.v1.azure.")).hasSize(1);
    assertThat(topics).filteredOn(topic -> topic.equals(prefix + ".image_release.release.completed")).hasSize(1);
    assertThat(topics).noneMatch(topic -> topic.endsWith(".release.failed"));
    assertThat(report.get("busEvents"))
        .filteredOn(event -> event.get("topic").asText().endsWith(".release.completed"))
        .singleElement()
        .satisfies(event -> assertThat(event.get("summary").asText())
            .contains("RELEASED: 3 images at mirror-primary, us-east-1, eastus, mirror-replica, eu-west-1, westeurope"));
    assertThat(report.get("tests")).hasSize(3).allSatisfy(test -> assertThat(test.get("outcome").asText()).isEqualTo("PASSED"));

    if (!report.get("broker").asText().startsWith("embedded")) {
      String environment = prefix.substring("org.fedoraproject.".length());
      assertQueueGone("image-release-" + environment);
      assertQueueGone("image-release-" + environment + "-events");
    }
  }

  @Test
  void withFailingTestsTheReleaseIsCompensatedAndItsFailureIsOnTheBus_embeddedBroker() throws Exception {
    StringWriter progress = new StringWriter();

    DemoReport report = new DemoRun(true, workDirectory, LocalBroker::embedded).execute(new PrintWriter(progress, true), false);

    System.out.println("AMQP broker for " + getClass().getSimpleName() + " (--fail-tests): " + report.broker());
    assertThat(report.broker()).startsWith("embedded Qpid Broker-J");
    assertThat(report.stage()).as("progress:%n%s", progress).isEqualTo(ReleaseStage.COMPENSATED);
    assertThat(report.succeeded()).as(report.failure()).isTrue();
    assertThat(report.busEvents()).filteredOn(event -> event.hasTopic("image_release.release.failed"))
        .singleElement()
        .satisfies(event -> assertThat(event.summary()).contains("COMPENSATED"));
    assertThat(report.busEvents()).extracting(BusEvent::topic)
        .noneMatch(topic -> topic.contains(".published.v1.") || topic.endsWith(".release.completed"));
    assertThat(DemoSummary.render(report)).contains("bus:   embedded Qpid Broker-J", "image_release.release.failed");
  }

  private static void assertQueueGone(String queue) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(LocalBroker.RABBITMQ_URL);
    try (Connection connection = factory.newConnection("demo test queue check")) {
      Channel channel = connection.createChannel();
      assertThatThrownBy(() -> channel.queueDeclarePassive(queue)).as("queue %s after the demo", queue).isInstanceOf(IOException.class);
    }
  }
}
