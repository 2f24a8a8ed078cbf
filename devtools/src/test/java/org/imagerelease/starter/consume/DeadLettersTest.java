package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message the consumer rejects lands in the dead-letter queue and stays there, though the
 * configuration declares and binds that queue (as deploy/config.toml does): the consumer does not
 * consume it. {@code image-release dead list} shows it, {@code dead replay} publishes it again
 * to where it first went. On the local RabbitMQ, else the embedded broker; no Temporal is needed,
 * since a poison message never reaches a handler.
 */
class DeadLettersTest {
  private static LocalBroker broker;

  @TempDir Path directory;
  private ConsumerFixture fixture;
  private String exchange;
  private String deadLetterQueue;

  @BeforeAll
  static void startBroker() {
    broker = LocalBroker.realOrEmbedded();
    System.out.println("AMQP broker for " + DeadLettersTest.class.getSimpleName() + ": " + broker.description());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void queues() throws IOException {
    fixture = new ConsumerFixture(broker.amqpUrl(), directory);
    exchange = fixture.queue + ".dead-letter";
    deadLetterQueue = fixture.declareDeadLetterQueue(exchange, fixture.queue + ".dead-letter");
  }

  @AfterEach
  void deleteQueues() throws Exception {
    fixture.close();
  }

  @Test
  void aPoisonMessageSurvivesInTheDeadLetterQueueAndReplayDeliversItAgain() throws Exception {
    ImageReleaseConfig config = fixture.config("127.0.0.1:" + freePort(), broker.deadLetterArguments(exchange), deadLetterTables());
    assertThat(config.messaging().consumedQueues()).containsExactly(fixture.queue);
    SimpleMeterRegistry counted = new SimpleMeterRegistry();
    ReleaseMetrics.registry().add(counted);
    var consumer = fixture.startConsumer(config);

    String poison = fixture.publish("poison-" + fixture.environment, ComposeMessages.headers(), "FINISHED, but not JSON");

    awaitMessages(deadLetterQueue, 1);
    ReleaseMetrics.registry().remove(counted);
    assertThat(counted.counter("image_release.messages.rejected", "reason", "malformed").count()).isEqualTo(1);
    assertThat(counted.counter("image_release.messages.dead_lettered").count()).isEqualTo(1);
    assertThat(fixture.publisher().queueDeclarePassive(deadLetterQueue).getConsumerCount()).as("nobody consumes the dead letters").isZero();
    Thread.sleep(500);
    assertThat(fixture.publisher().queueDeclarePassive(deadLetterQueue).getMessageCount()).as("still there").isEqualTo(1);
    assertThat(consumer.decisions().pending()).as("the poison message never reached a handler").isEmpty();
    assertThat(consumer.consumer().waitingDeadLetters()).as("what the census gauges for the dead-letter alert").containsEntry(deadLetterQueue, 1L);
    consumer.consumer().close();
    assertThat(consumer.consumer().waitingDeadLetters()).as("not connected: nothing known").isEmpty();

    Cli list = cli("dead", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(deadLetterQueue + ": 1 dead letter").contains(poison).contains(ComposeMessages.topic(fixture.environment));
    assertThat(fixture.publisher().queueDeclarePassive(deadLetterQueue).getMessageCount()).as("listing leaves it there").isEqualTo(1);

    Cli replay = cli("dead", "replay", poison);
    assertThat(replay.exit()).as(replay.err()).isZero();
    assertThat(replay.out()).contains("Replayed " + poison);
    assertThat(fixture.publisher().queueDeclarePassive(deadLetterQueue).getMessageCount()).isZero();
    GetResponse again = awaitOne(fixture.queue);
    assertThat(again.getProps().getMessageId()).isEqualTo(poison);
    assertThat(again.getEnvelope().getRoutingKey()).isEqualTo(ComposeMessages.topic(fixture.environment));
    assertThat(new String(again.getBody(), StandardCharsets.UTF_8)).isEqualTo("FINISHED, but not JSON");
    assertThat(again.getProps().getHeaders()).containsKey("fedora_messaging_schema").doesNotContainKey("x-death");
  }

  @Test
  void replayingAnIdThatIsNotThereFailsAndNamesIt() throws Exception {
    fixture.config("127.0.0.1:" + freePort(), broker.deadLetterArguments(exchange), deadLetterTables());

    Cli replay = cli("dead", "replay", "no-such-message");

    assertThat(replay.exit()).isEqualTo(1);
    assertThat(replay.err()).contains("no dead letter with id no-such-message");
  }

  /** fedora.toml's layout: a binding without queue; the broker names the queue, and it is consumed. */
  @Test
  void aBindingWithoutQueueIsConsumedFromAServerNamedQueue() throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("server-named.toml"),
            """
            amqp_url = "%s"

            [[bindings]]
            exchange = "amq.topic"
            routing_keys = ["%s"]

            [consumer_config.temporal]
            target = "127.0.0.1:%d"
            """
                .formatted(broker.amqpUrl(), ComposeMessages.topic(fixture.environment), freePort()));
    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(file));
    var consumer = fixture.startConsumer(config);
    assertThat(consumer.consumer().consumedQueues()).singleElement().satisfies(name -> assertThat(name).isNotEmpty());

    String messageId = fixture.publishCompose(ComposeMessages.uniqueComposeId(), "FINISHED");

    assertThat(consumer.decisions().next(1)).containsExactly(new RecordingHandler.Decision(messageId, HandlingOutcome.RETRY_LATER));
  }

  /** deploy/config.toml's dead-letter exchange, queue and binding, with this test's names. */
  private String deadLetterTables() {
    return """
        [exchanges."%1$s"]
        type = "fanout"
        durable = false
        auto_delete = false
        arguments = {}

        [queues."%2$s"]
        durable = false
        auto_delete = false
        exclusive = false
        arguments = {}

        [[bindings]]
        queue = "%2$s"
        exchange = "%1$s"
        routing_keys = ["#"]
        """
        .formatted(exchange, deadLetterQueue);
  }

  private record Cli(int exit, String out, String err) {}

  private Cli cli(String... args) {
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = directory.resolve("config-" + fixture.environment + ".toml").toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ImageReleaseCli.run(withConfig, new PrintWriter(out), new PrintWriter(err));
    return new Cli(exit, out.toString(), err.toString());
  }

  private void awaitMessages(String queue, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (fixture.publisher().queueDeclarePassive(queue).getMessageCount() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("queue " + queue + " did not get " + count + " messages");
      }
      Thread.sleep(50);
    }
  }

  private GetResponse awaitOne(String queue) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      GetResponse response = fixture.publisher().basicGet(queue, true);
      if (response != null) {
        return response;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing arrived on " + queue);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
