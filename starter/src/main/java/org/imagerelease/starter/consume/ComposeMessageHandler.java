package org.imagerelease.starter.consume;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.imagerelease.activities.LogContext;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.ComposeLocation;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.SafeNames;
import org.imagerelease.activities.http.UrlCredentials;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.activities.messaging.FedoraMessageCodec;
import org.imagerelease.activities.messaging.HandlingOutcome;
import org.imagerelease.activities.messaging.MessageHandler;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.StartedRelease;
import org.imagerelease.worker.config.ComposeFilter;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleaseRequest;
import org.imagerelease.workflows.model.ReleaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the release of every compose Pungi announces as {@code FINISHED} or {@code
 * FINISHED_INCOMPLETE} on {@code <prefix>.pungi.compose.status.change}, unless the compose
 * filter of {@code [consumer_config.composes]} leaves it out. Other states are acknowledged and
 * logged. One release per compose: a message for a compose that already has one, a duplicate
 * delivery included, is done.
 */
public final class ComposeMessageHandler implements MessageHandler {
  public static final String TOPIC = "pungi.compose.status.change";
  static final Set<String> RELEASED_STATES = Set.of("FINISHED", "FINISHED_INCOMPLETE");
  /** Pungi has no schema package; its messages are {@code base.message}. */
  static final String SCHEMA = FedoraMessageCodec.BASE_SCHEMA;
  private static final Logger LOG = LoggerFactory.getLogger(ComposeMessageHandler.class);

  private final ReleaseClient releases;
  private final ComposeFilter filter;
  private final ReleaseSettings settings;
  private final ComposeIdentity identity;

  public ComposeMessageHandler(ReleaseClient releases, ComposeFilter filter, ReleaseSettings settings, ComposeIdentity identity) {
    this.releases = releases;
    this.filter = filter;
    this.settings = settings;
    this.identity = identity;
  }

  /**
   * With the compose filter and release settings of the configuration, as {@code image-release
   * start} uses them, checking each message's compose id against the compose's own metadata.
   */
  public static ComposeMessageHandler forConfig(ReleaseClient releases, ImageReleaseConfig config) {
    return new ComposeMessageHandler(
        releases, config.messaging().composes(), config.releaseSettings(), ComposeIdentity.fromMetadata(ComposeReader.withDefaults(config.composeSources())));
  }

  /** {@code pungi.compose.status.change} in any environment ({@code org.fedoraproject.prod.}, {@code .stg.}, ...). */
  @Override
  public boolean handles(String topic) {
    return topic.equals(TOPIC) || topic.endsWith("." + TOPIC);
  }

  @Override
  public HandlingOutcome handle(FedoraMessage message) {
    if (!message.schema().equals(SCHEMA)) {
      return rejected(message, "its schema is " + message.schema() + ", not " + SCHEMA + " as Pungi sends");
    }
    JsonNode body = message.body();
    Optional<String> status = text(body, "status");
    Optional<String> composeId = text(body, "compose_id");
    if (status.isEmpty()) {
      return rejected(message, "its body has no status");
    }
    if (composeId.isEmpty()) {
      return rejected(message, "its body has no compose_id");
    }
    // The images.json it names is held to the same rule: a compose id becomes a directory, a
    // workflow id and a topic word, and is printed (SafeNames).
    Optional<String> unsafe = SafeNames.COMPOSE_ID.whyUnsafe(composeId.get());
    if (unsafe.isPresent()) {
      return rejected(message, "its compose_id " + SafeNames.quoted(composeId.get()) + " " + unsafe.get());
    }
    try (var logContext = LogContext.ofCompose(composeId.get())) {
      return handle(message, status.get(), composeId.get());
    }
  }

  private HandlingOutcome handle(FedoraMessage message, String status, String composeId) {
    JsonNode body = message.body();
    if (!RELEASED_STATES.contains(status)) {
      LOG.info("Compose {} is {}: only FINISHED and FINISHED_INCOMPLETE start a release (message {})", composeId, status, message.id());
      return HandlingOutcome.ACK;
    }
    Optional<String> location = text(body, "location").map(ComposeMessageHandler::withoutCredentials);
    if (location.isEmpty()) {
      return rejected(message, "compose " + composeId + " is " + status + " but the body has no location");
    }
    try {
      ComposeLocation.parse(location.get());
    } catch (ReleaseException e) {
      return rejected(message, e.getMessage());
    }
    Optional<String> elsewhere = filter.sources().whyRefused(location.get());
    if (elsewhere.isPresent()) {
      return rejected(message, "compose " + composeId + " is not released: " + elsewhere.get());
    }
    Optional<String> filteredOut =
        filter.rejectionOf(text(body, "release_version").orElse(""), text(body, "compose_type").orElse(""), text(body, "compose_label").orElse(null));
    if (filteredOut.isPresent()) {
      LOG.info("Compose {} is not released: {} (consumer_config.composes; message {})", composeId, filteredOut.get(), message.id());
      return HandlingOutcome.ACK;
    }
    Optional<HandlingOutcome> unverified = verify(message, composeId, location.get());
    if (unverified.isPresent()) {
      return unverified.get();
    }
    ReleaseRequest request = settings.requestFor(new ComposeRef(composeId, location.get()), "amqp:" + message.id());
    StartedRelease started;
    try {
      started = releases.start(request, false);
    } catch (RuntimeException e) {
      // The message is valid, so whatever failed was Temporal's side: keep it until Temporal takes it.
      LOG.warn("Cannot start the release of compose {} yet (message {}): {}; the message is kept and retried", composeId, message.id(), temporalProblem(e));
      return HandlingOutcome.RETRY_LATER;
    }
    if (started.alreadyExisted()) {
      LOG.info("Compose {} already has its release {} (run {}); nothing new started (message {})", composeId, started.workflowId(), started.runId(), message.id());
    } else {
      LOG.info("Started release {} (run {}) of compose {} at {} ({}, message {})", started.workflowId(), started.runId(), composeId, location.get(), status, message.id());
    }
    return HandlingOutcome.ACK;
  }

  /**
   * Holds the message's compose id to the metadata at its location, before the id is taken: a
   * message naming another compose's location is rejected (dead-lettered) without a release, so
   * the genuine message for the id still starts one. Empty when the id is the compose's own.
   */
  private Optional<HandlingOutcome> verify(FedoraMessage message, String composeId, String location) {
    String actual;
    try {
      actual = identity.composeIdAt(location);
    } catch (ReleaseException e) {
      return Optional.of(rejected(message, "compose " + composeId + " cannot be released from " + location + ": " + e.getMessage()));
    } catch (IOException e) {
      LOG.warn("Cannot read the metadata of compose {} at {} yet (message {}): {}; the message is kept and retried", composeId, location, message.id(), e.toString());
      return Optional.of(HandlingOutcome.RETRY_LATER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(HandlingOutcome.RETRY_LATER);
    }
    if (!actual.equals(composeId)) {
      return Optional.of(
          rejected(
              message,
              "it names compose " + composeId + " but the metadata at " + location + " is of compose " + actual
                  + "; no release is started, so a genuine message for " + composeId + " still starts one"));
    }
    return Optional.empty();
  }

  /** A user and password in the location never reach a log or a release; the netrc file has them. */
  private static String withoutCredentials(String location) {
    if (!UrlCredentials.carried(location)) {
      return location;
    }
    String without = UrlCredentials.removed(location);
    LOG.warn("A compose message's location {} carried a user and password; they were dropped (the worker takes them from its netrc file)", without);
    return without;
  }

  private static HandlingOutcome rejected(FedoraMessage message, String reason) {
    LOG.warn("Rejected compose message {} ({}): {}", message.id(), message.topic(), reason);
    return HandlingOutcome.REJECT;
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** The gRPC status when there is one (UNAVAILABLE: Temporal is not reachable), else the error. */
  private static String temporalProblem(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return "Temporal answered " + grpc.getStatus().getCode() + (grpc.getStatus().getDescription() == null ? "" : " (" + grpc.getStatus().getDescription() + ")");
      }
    }
    return e.toString();
  }
}
