package org.imagerelease.starter.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.conformance.RealFiles;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.StartedRelease;
import org.imagerelease.worker.config.ComposeFilter;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseSettings;
import org.imagerelease.workflows.model.ReleaseTimeouts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

class ComposeMessageHandlerTest {
  private static final String COMPOSE = "Fedora-41-20241027.0";
  private static final GateSettings GATE = new GateSettings(GatePolicy.TESTS_AND_APPROVAL, Duration.ofHours(36), List.of("compose.cloud_autocloud"));
  private static final ReleaseTimeouts TIMEOUTS = new ReleaseTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(20), Duration.ofMinutes(2));

  private final ReleaseClient releases = mock(ReleaseClient.class);
  private final ComposeMessageHandler handler =
      new ComposeMessageHandler(releases, ComposeFilter.acceptAll(), new ReleaseSettings(GATE, TIMEOUTS, null), ComposeMessages.composeNamedInPath());

  @Test
  void aFinishedComposeStartsItsReleaseWithTheConfiguredGateAndTimeouts() {
    when(releases.start(any(), eq(false))).thenReturn(new StartedRelease(COMPOSE, "release-" + COMPOSE, "run-1", false));
    FedoraMessage message = ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED"));

    assertThat(handler.handle(message)).isEqualTo(HandlingOutcome.ACK);

    ArgumentCaptor<ReleaseRequest> request = ArgumentCaptor.forClass(ReleaseRequest.class);
    verify(releases).start(request.capture(), eq(false));
    assertThat(request.getValue().compose().composeId()).isEqualTo(COMPOSE);
    assertThat(request.getValue().compose().location()).isEqualTo("https://kojipkgs.fedoraproject.org/compose/41/" + COMPOSE + "/compose");
    assertThat(request.getValue().gate()).isEqualTo(GATE);
    assertThat(request.getValue().timeouts()).isEqualTo(TIMEOUTS);
    assertThat(request.getValue().requestedBy()).isEqualTo("amqp:" + message.id());
  }

  @Test
  void finishedIncompleteStartsAReleaseToo() {
    when(releases.start(any(), eq(false))).thenReturn(new StartedRelease(COMPOSE, "release-" + COMPOSE, "run-1", false));

    assertThat(handler.handle(ComposeMessages.message("stg", ComposeMessages.body(COMPOSE, "FINISHED_INCOMPLETE")))).isEqualTo(HandlingOutcome.ACK);

    verify(releases).start(any(), eq(false));
  }

  @Test
  void aComposeThatAlreadyHasItsReleaseIsDone() {
    when(releases.start(any(), eq(false))).thenReturn(new StartedRelease(COMPOSE, "release-" + COMPOSE, "run-1", true));

    assertThat(handler.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED")))).isEqualTo(HandlingOutcome.ACK);
  }

  @Test
  void otherStatesAreAcknowledgedAndStartNothing() {
    for (String state : List.of("STARTED", "DOOMED", "TERMINATED")) {
      assertThat(handler.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, state)))).as(state).isEqualTo(HandlingOutcome.ACK);
    }

    verify(releases, never()).start(any(), anyBoolean());
  }

  @Test
  void composesTheFilterLeavesOutAreAcknowledgedAndStartNothing() {
    ComposeMessageHandler only42 =
        new ComposeMessageHandler(
            releases, new ComposeFilter(List.of("42"), List.of(), ""), new ReleaseSettings(GATE, TIMEOUTS, null), ComposeMessages.composeNamedInPath());

    assertThat(only42.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED")))).isEqualTo(HandlingOutcome.ACK);

    verify(releases, never()).start(any(), anyBoolean());
  }

  @Test
  void aMessagePointingAnIdAtAnotherComposeIsRejectedAndTheGenuineMessageStillStartsTheRelease() {
    String other = "Fedora-41-20241026.0";
    when(releases.start(any(), eq(false))).thenReturn(new StartedRelease(COMPOSE, "release-" + COMPOSE, "run-1", false));
    FedoraMessage squatting =
        ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED", "https://kojipkgs.fedoraproject.org/compose/41/" + other + "/compose"));

    assertThat(handler.handle(squatting)).isEqualTo(HandlingOutcome.REJECT);
    verify(releases, never()).start(any(), anyBoolean());

    assertThat(handler.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED")))).isEqualTo(HandlingOutcome.ACK);
    ArgumentCaptor<ReleaseRequest> request = ArgumentCaptor.forClass(ReleaseRequest.class);
    verify(releases).start(request.capture(), eq(false));
    assertThat(request.getValue().compose().location()).contains("/" + COMPOSE + "/");
  }

  @Test
  void aLocationWithoutComposeMetadataIsRejectedAndOneThatCannotBeReadNowIsKeptForLater() {
    ComposeIdentity missing = location -> {
      throw new ReleaseException(ReleaseFailureTypes.COMPOSE_NOT_FOUND, "no images metadata at " + location);
    };
    ComposeIdentity unreachable = location -> {
      throw new java.net.ConnectException("Connection refused");
    };
    FedoraMessage message = ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED"));

    assertThat(new ComposeMessageHandler(releases, ComposeFilter.acceptAll(), new ReleaseSettings(GATE, TIMEOUTS, null), missing).handle(message))
        .isEqualTo(HandlingOutcome.REJECT);
    assertThat(new ComposeMessageHandler(releases, ComposeFilter.acceptAll(), new ReleaseSettings(GATE, TIMEOUTS, null), unreachable).handle(message))
        .isEqualTo(HandlingOutcome.RETRY_LATER);
    verify(releases, never()).start(any(), anyBoolean());
  }

  @Test
  void aRealComposesIdIsReadFromItsOwnMetadata(@TempDir Path compose) throws Exception {
    Files.createDirectories(compose.resolve("metadata"));
    Files.write(compose.resolve("metadata/images.json"), RealFiles.bytes(RealFiles.RAWHIDE_IMAGES));

    assertThat(ComposeIdentity.fromMetadata(ComposeReader.withDefaults(ComposeSources.anywhere())).composeIdAt(compose.toString())).isEqualTo("Fedora-Rawhide-20230502.n.0");
  }

  @Test
  void aComposeAnnouncedAtAnotherHostOrALocalFolderStartsNothing() {
    assertThat(handler.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED", "https://evil.example.org/compose/41/" + COMPOSE + "/compose"))))
        .isEqualTo(HandlingOutcome.REJECT);
    assertThat(handler.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED", "/var/lib/image-release/" + COMPOSE + "/compose"))))
        .isEqualTo(HandlingOutcome.REJECT);

    verify(releases, never()).start(any(), anyBoolean());
  }

  @Test
  void anUnreachableTemporalKeepsTheMessageForLater() {
    when(releases.start(any(), eq(false))).thenThrow(new RuntimeException("start failed", new StatusRuntimeException(Status.UNAVAILABLE)));

    assertThat(handler.handle(ComposeMessages.message("prod", ComposeMessages.body(COMPOSE, "FINISHED")))).isEqualTo(HandlingOutcome.RETRY_LATER);
  }

  @Test
  void messagesThatCannotStartAReleaseAreRejected() {
    assertRejected(message -> message.put("status", 3));
    assertRejected(message -> message.remove("compose_id"));
    assertRejected(message -> message.put("compose_id", "Fedora 41 with spaces"));
    assertRejected(message -> message.put("compose_id", "Fedora-41-20241027.0\n\u001b[2J"));
    assertRejected(message -> message.put("compose_id", "Fedora-41-20241027.0\u202e"));
    assertRejected(message -> message.put("compose_id", "Fedora-41-20241027.0\u0085SHA256"));
    assertRejected(message -> message.remove("location"));
    assertRejected(message -> message.put("location", "ftp://example.org/compose"));
    FedoraMessage otherSchema =
        new FedoraMessage("id-1", ComposeMessages.topic("prod"), Map.of("fedora_messaging_schema", "pungi.v2", "fedora_messaging_severity", 20, "sent-at", "2024-10-27T08:47:36+00:00"), ComposeMessages.body(COMPOSE, "FINISHED"));
    assertThat(handler.handle(otherSchema)).isEqualTo(HandlingOutcome.REJECT);

    verify(releases, never()).start(any(), anyBoolean());
  }

  @Test
  void handlesComposeStatusChangesOfEveryEnvironmentOnly() {
    assertThat(handler.handles("org.fedoraproject.prod.pungi.compose.status.change")).isTrue();
    assertThat(handler.handles("org.fedoraproject.stg.pungi.compose.status.change")).isTrue();
    assertThat(handler.handles("pungi.compose.status.change")).isTrue();
    assertThat(handler.handles("org.fedoraproject.prod.resultsdb.result.new")).isFalse();
    assertThat(handler.handles("org.fedoraproject.prod.notpungi.compose.status.change")).isFalse();
  }

  private void assertRejected(Consumer<ObjectNode> change) {
    ObjectNode body = ComposeMessages.body(COMPOSE, "FINISHED");
    change.accept(body);
    assertThat(handler.handle(ComposeMessages.message("prod", body))).as(body.toString()).isEqualTo(HandlingOutcome.REJECT);
  }
}
