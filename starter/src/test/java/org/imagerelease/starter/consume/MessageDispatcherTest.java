package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.List;
import java.util.Map;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.messaging.MessageHandler;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class MessageDispatcherTest {

  @Test
  void aMessageNoHandlerWantsIsAcknowledged() {
    MessageDispatcher dispatcher = new MessageDispatcher(List.of(handlerOf("a.topic", HandlingOutcome.RETRY_LATER)));

    assertThat(dispatcher.dispatch(message("org.fedoraproject.prod.bodhi.update.comment"))).isEqualTo(HandlingOutcome.ACK);
  }

  @Test
  void theFirstHandlerOfTheTopicDecides() {
    MessageDispatcher dispatcher =
        new MessageDispatcher(List.of(handlerOf("a.topic", HandlingOutcome.RETRY_LATER), handlerOf("b.topic", HandlingOutcome.REJECT), handlerOf("b.topic", HandlingOutcome.ACK)));

    assertThat(dispatcher.dispatch(message("b.topic"))).isEqualTo(HandlingOutcome.REJECT);
    assertThat(dispatcher.dispatch(message("a.topic"))).isEqualTo(HandlingOutcome.RETRY_LATER);
  }

  @Test
  void aHandlerThatThrowsHasItsMessageRejectedNotRetriedForever() {
    MessageHandler broken =
        new MessageHandler() {
          @Override
          public boolean handles(String topic) {
            return true;
          }

          @Override
          public HandlingOutcome handle(FedoraMessage message) {
            throw new IllegalStateException("bug");
          }
        };

    assertThat(new MessageDispatcher(List.of(broken)).dispatch(message("any"))).isEqualTo(HandlingOutcome.REJECT);
  }

  @Test
  void theConsumerHandlesComposeMessages() {
    MessageDispatcher dispatcher = MessageDispatcher.forReleases(mock(ReleaseClient.class), new ConfigLoader(Map.of()).defaults());

    assertThat(dispatcher.handlerFor("org.fedoraproject.prod.pungi.compose.status.change")).containsInstanceOf(ComposeMessageHandler.class);
  }

  private static MessageHandler handlerOf(String topic, HandlingOutcome outcome) {
    return new MessageHandler() {
      @Override
      public boolean handles(String candidate) {
        return candidate.equals(topic);
      }

      @Override
      public HandlingOutcome handle(FedoraMessage message) {
        return outcome;
      }
    };
  }

  private static FedoraMessage message(String topic) {
    return new FedoraMessage("id", topic, Map.of(), ComposeMessages.JSON.createObjectNode());
  }
}
