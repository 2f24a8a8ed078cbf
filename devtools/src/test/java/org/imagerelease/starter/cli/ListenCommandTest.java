package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.imagerelease.activities.messaging.AmqpMessagePublisher;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.localcloud.amqp.LocalBroker;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image-release listen}: the release events under topic_prefix, one line each, nothing else. */
class ListenCommandTest {
  @TempDir Path directory;

  @Test
  void printsTheReleaseEventsUnderTheTopicPrefixAndStopsAfterCount() throws Exception {
    String prefix = "org.fedoraproject.t" + UUID.randomUUID().toString().substring(0, 8);
    try (LocalBroker broker = LocalBroker.realOrEmbedded()) {
      System.out.println("AMQP broker for " + getClass().getSimpleName() + ": " + broker.description());
      Path config = Files.writeString(directory.resolve("config.toml"), "amqp_url = \"%s\"\ntopic_prefix = \"%s\"\n".formatted(broker.amqpUrl(), prefix));
      ImageReleaseConfig loaded = new ConfigLoader(Map.of()).load(Optional.of(config));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> listening =
          CompletableFuture.supplyAsync(
              () -> ImageReleaseCli.run(
                  new String[] {"listen", "--count", "1", "--timeout", "30s", "--config", config.toString()},
                  new PrintWriter(out, true),
                  new PrintWriter(err, true)));
      awaitText(out, "Listening on amq.topic");

      try (AmqpMessagePublisher publisher = AmqpMessagePublisher.connect(loaded.messaging().settings(), "listen test")) {
        publisher.publish(message("pungi.compose.status.change", "compose_id", "ignored"));
        publisher.publish(message("image_release.release.completed", "compose_id", "Fedora-42-20261124.n.0"));
      }

      assertThat(listening.get()).as("exit code; stderr: %s", err).isZero();
      assertThat(out.toString())
          .contains(prefix + ".image_release.release.completed")
          .contains("compose Fedora-42-20261124.n.0 RELEASED")
          .doesNotContain("pungi.compose.status.change");
    }
  }

  private static FedoraMessage message(String topic, String field, String value) {
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.put(field, value);
    body.put("outcome", "RELEASED");
    return new FedoraMessage(UUID.randomUUID().toString(), topic, Map.of(), body);
  }

  private static void awaitText(StringWriter out, String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!out.toString().contains(text)) {
      assertThat(System.nanoTime()).as("listen prints %s; so far: %s", text, out).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
