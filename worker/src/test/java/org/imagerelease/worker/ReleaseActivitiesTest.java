package org.imagerelease.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.events.EventActivitiesImpl;
import org.imagerelease.activities.events.MessagePublisherFactory;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.MessagePublisher;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.EventActivities;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.imagerelease.workflows.TestResultActivities;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseActivitiesTest {
  @TempDir Path dir;
  private final TestActivityEnvironment env =
      TestActivityEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setWorkflowClientOptions(ReleaseDataConverter.clientOptions().build()).build());
  private final List<MessagingSettings> opened = new ArrayList<>();
  private final List<FedoraMessage> sent = new ArrayList<>();
  private boolean closed;

  /** Stands in for the AMQP publisher: remembers what it was opened with and what it sent. */
  private final MessagePublisherFactory broker =
      settings -> {
        opened.add(settings);
        return new MessagePublisher() {
          @Override
          public void publish(FedoraMessage message) {
            sent.add(message);
          }

          @Override
          public void close() {
            closed = true;
          }
        };
      };

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void withPublishEventsOnReleaseEventsGoOnTheBusUnderTheConfiguredPrefix() throws Exception {
    ReleaseActivities.Wiring wiring = ReleaseActivities.from(config("publish_events = true"), WorkerExtras.none(), broker);
    env.registerActivitiesImplementations(eventActivities(wiring));

    env.newActivityStub(EventActivities.class).publishEvent(completed());

    assertThat(opened).extracting(MessagingSettings::amqpUrl).containsExactly("amqp://guest:guest@rabbitmq:5672/%2F");
    // The topic carries no environment: the AMQP publisher puts topic_prefix in front.
    assertThat(opened).extracting(MessagingSettings::topicPrefix).containsExactly("org.fedoraproject.stg");
    assertThat(sent).extracting(FedoraMessage::topic).containsExactly("image_release.release.completed");
    assertThat(wiring.connections()).hasSize(1);
    wiring.connections().get(0).close();
    assertThat(closed).isTrue();
  }

  @Test
  void withPublishEventsOffNoConnectionIsOpened() throws Exception {
    ReleaseActivities.Wiring wiring = ReleaseActivities.from(config("publish_events = false"), WorkerExtras.none(), broker);
    env.registerActivitiesImplementations(eventActivities(wiring));

    env.newActivityStub(EventActivities.class).publishEvent(completed());

    assertThat(opened).isEmpty();
    assertThat(sent).isEmpty();
    assertThat(wiring.connections()).isEmpty();
  }

  @Test
  void theResultsDbPollerIsRegisteredWhenAResultsDbIsConfigured() throws Exception {
    Path file = Files.writeString(dir.resolve("resultsdb.toml"), """
        [consumer_config.resultsdb]
        url = "https://resultsdb.example.org/api/v2.0"
        poll_interval = "10m"
        """);
    ImageReleaseConfig config = new ConfigLoader(Map.of()).load(Optional.of(file));

    assertThat(ReleaseActivities.from(config, WorkerExtras.none(), broker).activities())
        .filteredOn(TestResultActivities.class::isInstance)
        .hasSize(1);
  }

  @Test
  void withoutAResultsDbThereIsNoPoller() {
    ImageReleaseConfig config = new ConfigLoader(Map.of()).defaults();

    ReleaseActivities.Wiring wiring = ReleaseActivities.from(config, WorkerExtras.none(), broker);

    assertThat(wiring.activities())
        .noneMatch(TestResultActivities.class::isInstance)
        .as("compose, events and retention on the release queue")
        .hasSize(3);
    assertThat(wiring.targets()).containsExactly("mirror");
  }

  private ImageReleaseConfig config(String publishEvents) throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(
        file,
        """
        amqp_url = "amqp://guest:guest@rabbitmq:5672/%%2F"
        topic_prefix = "org.fedoraproject.stg"

        [consumer_config.messages]
        %s
        """.formatted(publishEvents));
    return new ConfigLoader(Map.of()).load(Optional.of(file));
  }

  private static EventActivitiesImpl eventActivities(ReleaseActivities.Wiring wiring) {
    return wiring.activities().stream()
        .filter(EventActivitiesImpl.class::isInstance)
        .map(EventActivitiesImpl.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static ReleaseEvent completed() {
    return new ReleaseEvent(
        "release-Fedora-41-20241027.0/completed", ReleaseEventKind.RELEASE_COMPLETED, "Fedora-41-20241027.0", List.of(), "0 images public");
  }
}
