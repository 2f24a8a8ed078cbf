package org.imagerelease.activities.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.workflows.ReleaseIds;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseStage;

/**
 * Release events as fedora-messaging messages. Topics are given without the environment: the
 * publisher puts the configured {@code topic_prefix} (e.g. {@code org.fedoraproject.prod}) in
 * front, as fedora-messaging does. Per event kind:
 *
 * <ul>
 *   <li>IMAGE_UPLOADED: {@value #UPLOADED}, schema {@code image_release.image.uploaded.v1}, what
 *       a test system needs to test the private image: target and location (for a cloud, its
 *       region), the target's image id, compose, architecture, the image file (the {@code item}
 *       the test system reports to ResultsDB), url and checksum, and the target's attributes.
 *   <li>IMAGE_PUBLISHED: see {@link PublishedMessages}: in the target's {@link PublishedFormat},
 *       fedora-image-uploader's own message for the clouds.
 *   <li>RELEASE_COMPLETED: {@value #COMPLETED}, the public images.
 *   <li>RELEASE_FAILED: {@value #FAILED}, with the outcome (FAILED, COMPENSATED, CANCELLED) and
 *       the reason; severity error for a failure, warning when the gate or a person said no.
 * </ul>
 *
 * <p>Headers are fedora-messaging's: {@code fedora_messaging_schema}, {@code sent-at} (UTC, whole
 * seconds, with offset), {@code fedora_messaging_severity} and {@code priority} (0, as
 * fedora-messaging mirrors it). The id is a UUID4 whose bits come from the event id and schema
 * ({@link EventMessageId}), the same on every attempt. fedora-messaging's {@code app_name} is a property
 * of a schema class, not something on the wire, so there is nothing to send for it.
 */
public final class ReleaseEventMessages {
  public static final String UPLOADED = "image_release.image.uploaded";
  public static final String COMPLETED = "image_release.release.completed";
  public static final String FAILED = "image_release.release.failed";
  static final String SCHEMA_VERSION = ".v1";

  private static final DateTimeFormatter SENT_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
  private static final Pattern OUTCOME_AND_REASON = Pattern.compile("^([A-Z_]+): ?(.*)$", Pattern.DOTALL);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Clock clock;
  private final Map<String, PublishedFormat> formats;
  private final ReleaseNumbers releaseNumbers;

  /**
   * @param clock gives {@code sent-at}
   * @param formats each target's published message; a target without one gets {@link PublishedFormats#generic}
   * @param releaseNumbers the release number of composes whose id names none (Rawhide)
   */
  public ReleaseEventMessages(Clock clock, Map<String, PublishedFormat> formats, ReleaseNumbers releaseNumbers) {
    this.clock = clock;
    this.formats = Map.copyOf(formats);
    this.releaseNumbers = releaseNumbers;
  }

  /** Messages whose release number comes from the compose id or the target alone. */
  public ReleaseEventMessages(Clock clock, Map<String, PublishedFormat> formats) {
    this(clock, formats, ReleaseNumbers.none());
  }

  /** Messages where every target gets {@link PublishedFormats#generic}. */
  public ReleaseEventMessages(Clock clock) {
    this(clock, Map.of());
  }

  /** The messages announcing the event, in the order they are to be sent; often exactly one. */
  public List<FedoraMessage> messagesFor(ReleaseEvent given) {
    ReleaseEvent event = withReleaseNumbers(given);
    List<MessageDraft> drafts =
        switch (event.kind()) {
          case IMAGE_UPLOADED -> event.images().isEmpty() ? List.<MessageDraft>of() : List.of(uploaded(event));
          case IMAGE_PUBLISHED -> PublishedMessages.of(event, formatOf(event)).stream().toList();
          case RELEASE_COMPLETED -> List.of(completed(event));
          case RELEASE_FAILED -> List.of(failed(event));
        };
    return drafts.stream().map(draft -> message(event, draft)).toList();
  }

  /** The event with the configured release number as each image's attribute, where the target set none. */
  private ReleaseEvent withReleaseNumbers(ReleaseEvent event) {
    List<LocationImage> images =
        event.images().stream()
            .map(
                image -> {
                  if (image.attributes().containsKey(PublishedImageAttributes.RELEASE)) {
                    return image;
                  }
                  OptionalInt release = releaseNumbers.of(event.composeId(), image);
                  if (release.isEmpty()) {
                    return image;
                  }
                  Map<String, String> attributes = new LinkedHashMap<>(image.attributes());
                  attributes.put(PublishedImageAttributes.RELEASE, Integer.toString(release.getAsInt()));
                  return new LocationImage(image.ref(), image.resourceId(), image.url(), attributes, image.pending());
                })
            .toList();
    return new ReleaseEvent(event.eventId(), event.kind(), event.composeId(), images, event.detail());
  }

  private PublishedFormat formatOf(ReleaseEvent event) {
    String target = event.images().isEmpty() ? "" : event.images().get(0).ref().target();
    return formats.getOrDefault(target, PublishedFormats.generic(target));
  }

  private FedoraMessage message(ReleaseEvent event, MessageDraft draft) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put(FedoraMessage.SCHEMA, draft.schema());
    headers.put(FedoraMessage.SEVERITY, draft.severity());
    headers.put("priority", 0);
    headers.put(FedoraMessage.SENT_AT, sentAt());
    return new FedoraMessage(EventMessageId.of(event.eventId(), draft.schema()), draft.topic(), headers, draft.body());
  }

  private String sentAt() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(SENT_AT);
  }

  /** The workflow sends one event per uploaded image. */
  private static MessageDraft uploaded(ReleaseEvent event) {
    LocationImage uploaded = event.images().get(0);
    ImageArtifact image = uploaded.ref().image();
    ObjectNode body = JSON.objectNode();
    body.put("architecture", image.arch());
    body.put("compose_id", event.composeId());
    body.put("release_id", uploaded.ref().releaseId());
    body.put("target", uploaded.ref().target());
    body.put("location", uploaded.ref().location());
    body.put("image_id", uploaded.resourceId());
    body.put("image_file", image.fileName());
    OptionalInt release = PublishedFormats.releaseOf(event.composeId(), uploaded);
    if (release.isPresent()) {
      body.put("release", release.getAsInt());
    }
    body.put("subvariant", PublishedFormats.subvariantOf(image));
    body.put("type", image.type());
    body.put("format", image.format());
    body.put("size", image.size());
    body.put("sha256", image.sha256());
    PublishedFormats.putUrl(body, uploaded);
    ObjectNode attributes = body.putObject("attributes");
    new TreeMap<>(uploaded.attributes()).forEach(attributes::put);
    return new MessageDraft(UPLOADED, UPLOADED + SCHEMA_VERSION, MessageDraft.INFO, body);
  }

  private static MessageDraft completed(ReleaseEvent event) {
    ObjectNode body = outcome(event, ReleaseStage.RELEASED.name());
    body.put("detail", event.detail());
    return new MessageDraft(COMPLETED, COMPLETED + SCHEMA_VERSION, MessageDraft.INFO, body);
  }

  /** The workflow's detail reads {@code <final stage>: <last error>}. */
  private static MessageDraft failed(ReleaseEvent event) {
    String outcome = ReleaseStage.FAILED.name();
    String reason = event.detail();
    Matcher matcher = OUTCOME_AND_REASON.matcher(event.detail());
    if (matcher.matches() && isStage(matcher.group(1))) {
      outcome = matcher.group(1);
      reason = matcher.group(2);
    }
    ObjectNode body = outcome(event, outcome);
    body.put("reason", reason);
    int severity = outcome.equals(ReleaseStage.FAILED.name()) ? MessageDraft.ERROR : MessageDraft.WARNING;
    return new MessageDraft(FAILED, FAILED + SCHEMA_VERSION, severity, body);
  }

  private static ObjectNode outcome(ReleaseEvent event, String outcome) {
    ObjectNode body = JSON.objectNode();
    body.put("compose_id", event.composeId());
    body.put("release_id", ReleaseIds.workflowId(event.composeId()));
    body.put("outcome", outcome);
    ArrayNode images = body.putArray("images");
    for (LocationImage image : event.images()) {
      ObjectNode entry = images.addObject();
      entry.put("target", image.ref().target());
      entry.put("location", image.ref().location());
      entry.put("image_file", image.ref().imageName());
      entry.put("image_id", image.resourceId());
      PublishedFormats.putUrl(entry, image);
    }
    return body;
  }

  private static boolean isStage(String word) {
    for (ReleaseStage stage : ReleaseStage.values()) {
      if (stage.name().equals(word)) {
        return true;
      }
    }
    return false;
  }
}
