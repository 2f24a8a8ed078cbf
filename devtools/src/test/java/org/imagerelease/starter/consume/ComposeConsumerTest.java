package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image-release consume} on a real broker (the local RabbitMQ, else the embedded one) and
 * the embedded Temporal server without a worker: releases are started and stay at RESOLVING,
 * which is all these tests look at.
 */
class ComposeConsumerTest {
  private static LocalBroker broker;
  private static EmbeddedTemporal temporal;
  private static TemporalConnection temporalConnection;
  private static ReleaseClient releases;

  @TempDir Path directory;
  private ConsumerFixture fixture;

  @BeforeAll
  static void startBrokerAndTemporal() throws IOException {
    broker = LocalBroker.realOrEmbedded();
    System.out.println("AMQP broker for " + ComposeConsumerTest.class.getSimpleName() + ": " + broker.description());
    temporal = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
    temporalConnection = temporal.connect();
    releases = new ReleaseClient(temporalConnection.client(), ImageReleaseWorkflow.TASK_QUEUE);
  }

  @AfterAll
  static void stopBrokerAndTemporal() {
    temporalConnection.close();
    temporal.close();
    broker.close();
  }

  @BeforeEach
  void newQueue() {
    fixture = new ConsumerFixture(broker.amqpUrl(), directory);
  }

  @AfterEach
  void deleteQueue() throws Exception {
    fixture.close();
  }

  @Test
  void aFinishedComposeStartsExactlyOneRelease() throws Exception {
    var consumer = fixture.startConsumer(config(Map.of(), ""));
    String composeId = ComposeMessages.uniqueComposeId();

    String messageId = fixture.publishCompose(composeId, "FINISHED");

    assertThat(consumer.decisions().next(1)).containsExactly(new RecordingHandler.Decision(messageId, HandlingOutcome.ACK));
    assertThat(ConsumerFixture.releasesOf(releases, composeId)).singleElement().satisfies(release -> assertThat(release.execution()).isEqualTo("RUNNING"));
    consumer.consumer().close();
    assertThat(fixture.messagesOnQueue()).as("acknowledged, so not back on the queue").isZero();
  }

  @Test
  void theSameMessageDeliveredThreeTimesIsStillOneRelease() throws Exception {
    var consumer = fixture.startConsumer(config(Map.of(), ""));
    String composeId = ComposeMessages.uniqueComposeId();
    String body = ComposeMessages.body(composeId, "FINISHED").toString();

    for (int delivery = 0; delivery < 3; delivery++) {
      fixture.publish("same-message-" + composeId, ComposeMessages.headers(), body);
    }

    assertThat(consumer.decisions().next(3)).extracting(RecordingHandler.Decision::outcome).containsOnly(HandlingOutcome.ACK);
    assertThat(ConsumerFixture.releasesOf(releases, composeId)).hasSize(1);
  }

  @Test
  void finishedIncompleteStartsOneReleaseToo() throws Exception {
    var consumer = fixture.startConsumer(config(Map.of(), ""));
    String composeId = ComposeMessages.uniqueComposeId();

    fixture.publishCompose(composeId, "FINISHED_INCOMPLETE");

    assertThat(consumer.decisions().next(1)).extracting(RecordingHandler.Decision::outcome).containsExactly(HandlingOutcome.ACK);
    assertThat(ConsumerFixture.releasesOf(releases, composeId)).hasSize(1);
  }

  @Test
  void startedAndDoomedComposesAreAcknowledgedAndStartNothing() throws Exception {
    var consumer = fixture.startConsumer(config(Map.of(), ""));
    String composeId = ComposeMessages.uniqueComposeId();

    fixture.publishCompose(composeId, "STARTED");
    fixture.publishCompose(composeId, "DOOMED");

    assertThat(consumer.decisions().next(2)).extracting(RecordingHandler.Decision::outcome).containsExactly(HandlingOutcome.ACK, HandlingOutcome.ACK);
    assertThat(ConsumerFixture.releasesOf(releases, composeId)).isEmpty();
    consumer.consumer().close();
    assertThat(fixture.messagesOnQueue()).isZero();
  }

  @Test
  void aComposeTheFilterLeavesOutIsAcknowledgedAndNotStarted() throws Exception {
    var consumer = fixture.startConsumer(config(Map.of(), "[consumer_config.composes]\nreleases = [\"42\", \"Rawhide\"]\n"));
    String composeId = ComposeMessages.uniqueComposeId();

    fixture.publishCompose(composeId, "FINISHED");

    assertThat(consumer.decisions().next(1)).extracting(RecordingHandler.Decision::outcome).containsExactly(HandlingOutcome.ACK);
    assertThat(ConsumerFixture.releasesOf(releases, composeId)).isEmpty();
  }

  @Test
  void unreadableMessagesAreDeadLetteredAndTheNextGoodOneStillStartsARelease() throws Exception {
    String deadLetters = fixture.declareDeadLetterQueue(fixture.queue + "-dlx", fixture.queue + "-dlq");
    var consumer = fixture.startConsumer(config(broker.deadLetterArguments(fixture.queue + "-dlx"), ""));
    String composeId = ComposeMessages.uniqueComposeId();

    String notJson = fixture.publish("not-json-" + composeId, ComposeMessages.headers(), "FINISHED " + composeId);
    String otherSchema =
        fixture.publish(
            "other-schema-" + composeId,
            Map.of("fedora_messaging_schema", "pungi.v9", "fedora_messaging_severity", 20, "sent-at", "2024-10-27T08:47:36+00:00"),
            ComposeMessages.body(composeId, "FINISHED").toString());
    String good = fixture.publishCompose(composeId, "FINISHED");

    assertThat(consumer.decisions().next(2))
        .containsExactly(new RecordingHandler.Decision(otherSchema, HandlingOutcome.REJECT), new RecordingHandler.Decision(good, HandlingOutcome.ACK));
    assertThat(ConsumerFixture.releasesOf(releases, composeId)).hasSize(1);
    assertThat(fixture.drain(deadLetters, 2)).containsExactly(notJson, otherSchema);
  }

  @Test
  void whileTemporalIsDownTheMessageIsKeptAndItStartsTheReleaseOnceTemporalIsBack() throws Exception {
    int port = freePort();
    var consumer = fixture.startConsumer(config("127.0.0.1:" + port, Map.of(), ""));
    String composeId = ComposeMessages.uniqueComposeId();

    String messageId = fixture.publishCompose(composeId, "FINISHED");

    assertThat(consumer.decisions().next(2)).extracting(RecordingHandler.Decision::outcome).containsOnly(HandlingOutcome.RETRY_LATER);
    try (EmbeddedTemporal back = EmbeddedTemporal.listeningOn("127.0.0.1", port);
        TemporalConnection connection = back.connect()) {
      assertThat(consumer.decisions().nextWith(HandlingOutcome.ACK).messageId()).isEqualTo(messageId);
      ReleaseClient releasesThere = new ReleaseClient(connection.client(), ImageReleaseWorkflow.TASK_QUEUE);
      assertThat(ConsumerFixture.releasesOf(releasesThere, composeId)).hasSize(1);
      consumer.consumer().close();
    }
  }

  @Test
  void stoppingWhileTemporalIsDownLeavesTheMessageOnItsQueue() throws Exception {
    var consumer = fixture.startConsumer(config("127.0.0.1:" + freePort(), Map.of(), ""));

    fixture.publishCompose(ComposeMessages.uniqueComposeId(), "FINISHED");
    consumer.decisions().nextWith(HandlingOutcome.RETRY_LATER);
    consumer.consumer().close();

    assertThat(fixture.messagesOnQueue()).isEqualTo(1);
  }

  private ImageReleaseConfig config(Map<String, Object> queueArguments, String more) throws IOException {
    return config(temporal.address(), queueArguments, more);
  }

  private ImageReleaseConfig config(String temporalAddress, Map<String, Object> queueArguments, String more) throws IOException {
    return fixture.config(temporalAddress, queueArguments, more);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
