package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.amqp.EmbeddedBroker;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.workflows.ImageReleaseWorkflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer survives what a broker does to it: connections dropped from the broker's side
 * and a restart that loses everything. Always on the embedded broker, which a test can drop and
 * restart (and which so runs in every build, RabbitMQ or not).
 */
class ConsumerRecoveryTest {
  private static EmbeddedTemporal temporal;
  private static TemporalConnection temporalConnection;
  private static ReleaseClient releases;

  @TempDir Path directory;

  @BeforeAll
  static void startTemporal() throws IOException {
    System.out.println("AMQP broker for " + ConsumerRecoveryTest.class.getSimpleName() + ": embedded Qpid Broker-J, always (it is dropped and restarted)");
    temporal = EmbeddedTemporal.listeningOn("127.0.0.1", 0);
    temporalConnection = temporal.connect();
    releases = new ReleaseClient(temporalConnection.client(), ImageReleaseWorkflow.TASK_QUEUE);
  }

  @AfterAll
  static void stopTemporal() {
    temporalConnection.close();
    temporal.close();
  }

  @Test
  void afterTheBrokerDroppedTheConnectionTheConsumerReconnectsAndGoesOn() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.start();
        ConsumerFixture fixture = new ConsumerFixture(broker.amqpUrl(), directory)) {
      var consumer = fixture.startConsumer(fixture.config(temporal.address(), Map.of(), ""));
      String before = ComposeMessages.uniqueComposeId();
      fixture.publishCompose(before, "FINISHED");
      assertThat(consumer.decisions().next(1)).extracting(RecordingHandler.Decision::outcome).containsExactly(HandlingOutcome.ACK);

      broker.closeClientConnections();
      String after = ComposeMessages.uniqueComposeId();
      fixture.publishCompose(after, "FINISHED");

      assertThat(consumer.decisions().nextWith(HandlingOutcome.ACK)).isNotNull();
      assertThat(ConsumerFixture.releasesOf(releases, before)).hasSize(1);
      assertThat(ConsumerFixture.releasesOf(releases, after)).hasSize(1);
    }
  }

  @Test
  void afterABrokerRestartTheConsumerDeclaresItsQueueAgainAndGoesOn() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start();
    int port = broker.port();
    try (ConsumerFixture fixture = new ConsumerFixture(broker.amqpUrl(), directory)) {
      var consumer = fixture.startConsumer(fixture.config(temporal.address(), Map.of(), ""));
      fixture.publishCompose(ComposeMessages.uniqueComposeId(), "FINISHED");
      consumer.decisions().nextWith(HandlingOutcome.ACK);
      assertThat(consumer.consumer().readiness().ready()).as("/readyz while consuming").isTrue();

      broker.close();
      awaitReadiness(consumer.consumer(), false);
      broker = EmbeddedBroker.start(port);
      awaitSubscribedAgain(fixture);
      awaitReadiness(consumer.consumer(), true);
      String afterRestart = ComposeMessages.uniqueComposeId();
      fixture.publishCompose(afterRestart, "FINISHED");

      assertThat(consumer.decisions().nextWith(HandlingOutcome.ACK)).isNotNull();
      assertThat(ConsumerFixture.releasesOf(releases, afterRestart)).hasSize(1);
    } finally {
      broker.close();
    }
  }

  /** The monitoring server's view of the broker, which follows the connection's loss and recovery. */
  private static void awaitReadiness(BusConsumer consumer, boolean ready) throws InterruptedException {
    for (int attempt = 0; attempt < 300 && consumer.readiness().ready() != ready; attempt++) {
      Thread.sleep(100);
    }
    assertThat(consumer.readiness().ready()).as("broker readiness: %s", consumer.readiness()).isEqualTo(ready);
  }

  /**
   * The restarted broker is empty: the consumer's recovery declares the queue, then binds it, then
   * subscribes. A message published between the first two would be routed nowhere, so wait for the
   * subscription, the last step.
   */
  private static void awaitSubscribedAgain(ConsumerFixture fixture) throws InterruptedException {
    for (int attempt = 0; attempt < 300; attempt++) {
      try {
        if (fixture.consumersOnQueue() > 0) {
          return;
        }
      } catch (IOException | RuntimeException notYet) {
        // The queue is not declared again yet.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the consumer did not subscribe to " + fixture.queue + " again on the restarted broker");
  }
}
