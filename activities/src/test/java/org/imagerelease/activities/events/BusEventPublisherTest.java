package org.imagerelease.activities.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.events.EventFixtures.COMPOSE_ID;
import static org.imagerelease.activities.events.EventFixtures.QCOW2_AARCH64;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.junit.jupiter.api.Test;

class BusEventPublisherTest {
  private final RecordingMessagePublisher broker = new RecordingMessagePublisher();
  private final BusEventPublisher publisher =
      new BusEventPublisher(broker, new ReleaseEventMessages(Clock.systemUTC()));
  private final ReleaseEvent uploaded =
      EventFixtures.uploaded(EventFixtures.located(COMPOSE_ID, "mirror", "local", QCOW2_AARCH64, "p", "", Map.of()));

  @Test
  void sendsTheEventsMessagesUnderTheConfiguredPrefix() throws Exception {
    publisher.publish(uploaded);

    assertThat(broker.confirmed).hasSize(1);
    assertThat(broker.confirmed.get(0).topic()).isEqualTo("image_release.image.uploaded");
    assertThat(broker.confirmed.get(0).body().get("compose_id").asText()).isEqualTo(COMPOSE_ID);
  }

  @Test
  void aBrokerThatDoesNotConfirmFailsThePublishSoTheActivityRetries() {
    broker.nextFailure = new IOException("no confirm within 30s");

    assertThatThrownBy(() -> publisher.publish(uploaded)).isInstanceOf(IOException.class).hasMessageContaining("no confirm");
    assertThat(broker.confirmed).isEmpty();
  }

  @Test
  void aRetrySendsTheSameMessageIdAgain() throws Exception {
    publisher.publish(uploaded);
    publisher.publish(uploaded);

    assertThat(broker.confirmed.get(1).id()).isEqualTo(broker.confirmed.get(0).id());
  }

  @Test
  void closingThePublisherClosesItsConnection() throws Exception {
    publisher.close();

    assertThat(broker.closed).isTrue();
  }
}
