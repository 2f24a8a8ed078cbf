package org.imagerelease.activities.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message that announces one image public at every location of one target.
 *
 * <p>For {@code aws} and {@code azure} it is fedora-image-uploader's own message, topic,
 * schema header and body field for field ({@code fedora_image_uploader.published.v1.aws} / {@code
 * .azure}, package fedora-image-uploader-messages 1.2.0), so that the consumers already reading
 * those (datagrepper, FMN, the cloud test runners, the website's AMI list) keep working. The
 * topic has the uploader's newer suffix {@code .<channel>.<subvariant>.<arch>} ({@link
 * ComposeVersion} says how the channel is chosen); bind with a trailing {@code #}. Target
 * specific values come from the images' attributes ({@link PublishedImageAttributes}); without
 * a required one no message is sent and the error is logged, because failing the activity would
 * fail a release whose images are already public.
 *
 * <p>Every other target, the mirror included, gets this project's {@code
 * image_release.published.v1.<target>} with the same topic suffix.
 */
final class PublishedMessages {
  static final String UPLOADER_PUBLISHED = "fedora_image_uploader.published.v1.";
  static final String PUBLISHED = "image_release.published.v1.";

  private static final Logger log = LoggerFactory.getLogger(PublishedMessages.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PublishedMessages() {}

  /** The message announcing the event's images; empty when there are none or it cannot be made. */
  static Optional<MessageDraft> of(ReleaseEvent event) {
    if (event.images().isEmpty()) {
      return Optional.empty();
    }
    LocationImage first = event.images().get(0);
    String target = first.ref().target();
    List<String> missing = PublishedImageAttributes.missingFrom(first);
    if (!missing.isEmpty()) {
      log.error(
          "Compose {}: no published message for {} on {}: the target did not set the attributes {}",
          event.composeId(),
          first.ref().imageName(),
          target,
          missing);
      return Optional.empty();
    }
    ImageArtifact image = first.ref().image();
    String topicSuffix =
        "." + ComposeVersion.of(event.composeId()).channel() + "." + subvariantOf(image) + "." + image.arch();
    return Optional.of(
        switch (target) {
          case "aws" -> new MessageDraft(UPLOADER_PUBLISHED + "aws" + topicSuffix, UPLOADER_PUBLISHED + "aws", MessageDraft.INFO, aws(event));
          case "azure" -> new MessageDraft(UPLOADER_PUBLISHED + "azure" + topicSuffix, UPLOADER_PUBLISHED + "azure", MessageDraft.INFO, azure(event));
          case "mirror" -> new MessageDraft(PUBLISHED + target + topicSuffix, PUBLISHED + target, MessageDraft.INFO, mirror(event));
          default -> new MessageDraft(PUBLISHED + target + topicSuffix, PUBLISHED + target, MessageDraft.INFO, anyTarget(event));
        });
  }

  /** {@code AwsPublishedV1}: one AMI name, the AMI id per region. */
  private static ObjectNode aws(ReleaseEvent event) {
    LocationImage first = event.images().get(0);
    ObjectNode body = common(event, first);
    body.put("image_name", first.attributes().get(PublishedImageAttributes.AMI_NAME));
    ObjectNode regions = body.putObject("regions");
    byLocation(event.images()).forEach(image -> regions.put(image.ref().location(), image.resourceId()));
    return releaseAndSubvariant(body, event, first);
  }

  /** {@code AzurePublishedV1}: the gallery image version and the regions it was replicated to. */
  private static ObjectNode azure(ReleaseEvent event) {
    LocationImage first = event.images().get(0);
    ObjectNode body = common(event, first);
    body.put("image_definition_name", first.attributes().get(PublishedImageAttributes.IMAGE_DEFINITION));
    body.put("image_version_name", first.attributes().get(PublishedImageAttributes.IMAGE_VERSION));
    String communityId = first.attributes().getOrDefault(PublishedImageAttributes.COMMUNITY_RESOURCE_ID, "");
    body.put("image_resource_id", communityId.isBlank() ? first.resourceId() : communityId);
    ArrayNode regions = body.putArray("regions");
    byLocation(event.images()).forEach(image -> regions.add(image.ref().location()));
    return releaseAndSubvariant(body, event, first);
  }

  /** The file, its checksum and where each mirror root has it. */
  private static ObjectNode mirror(ReleaseEvent event) {
    LocationImage first = event.images().get(0);
    ImageArtifact image = first.ref().image();
    ObjectNode body = common(event, first);
    body.put("image_file", image.fileName());
    releaseAndSubvariant(body, event, first);
    body.put("sha256", image.sha256());
    body.put("size", image.size());
    ObjectNode roots = body.putObject("roots");
    for (LocationImage copy : byLocation(event.images())) {
      ObjectNode root = roots.putObject(copy.ref().location());
      root.put("path", copy.resourceId());
      putUrl(root, copy);
    }
    return body;
  }

  /** A target this project has no uploader-compatible message for: its ids per location. */
  private static ObjectNode anyTarget(ReleaseEvent event) {
    LocationImage first = event.images().get(0);
    ObjectNode body = common(event, first);
    body.put("image_file", first.ref().imageName());
    releaseAndSubvariant(body, event, first);
    ObjectNode locations = body.putObject("locations");
    for (LocationImage copy : byLocation(event.images())) {
      ObjectNode location = locations.putObject(copy.ref().location());
      location.put("image_id", copy.resourceId());
      putUrl(location, copy);
    }
    return body;
  }

  private static ObjectNode common(ReleaseEvent event, LocationImage first) {
    ObjectNode body = JSON.objectNode();
    body.put("architecture", first.ref().image().arch());
    body.put("compose_id", event.composeId());
    return body;
  }

  private static ObjectNode releaseAndSubvariant(ObjectNode body, ReleaseEvent event, LocationImage first) {
    OptionalInt release = releaseOf(event.composeId(), first);
    if (release.isPresent()) {
      body.put("release", release.getAsInt());
    } else {
      // The schema wants a number and Rawhide's compose id has none: like messages from before
      // schema 1.2.0, which consumers tolerate, this one goes without rather than with a guess.
      log.warn("Compose {}: release number unknown, published message of {} goes without one", event.composeId(), first.ref().imageName());
    }
    body.put("subvariant", subvariantOf(first.ref().image()));
    return body;
  }

  /** The target's {@link PublishedImageAttributes#RELEASE}, else the compose id's number. */
  static OptionalInt releaseOf(String composeId, LocationImage image) {
    String declared = image.attributes().getOrDefault(PublishedImageAttributes.RELEASE, "");
    if (declared.matches("\\d{1,6}")) {
      return OptionalInt.of(Integer.parseInt(declared));
    }
    return ComposeVersion.of(composeId).releaseNumber();
  }

  /** The subvariant; the variant for metadata too old to have one, so the topic word is never empty. */
  static String subvariantOf(ImageArtifact image) {
    return image.subvariant().isBlank() ? image.variant() : image.subvariant();
  }

  static void putUrl(ObjectNode node, LocationImage image) {
    if (image.url().isEmpty()) {
      node.putNull("url");
    } else {
      node.put("url", image.url());
    }
  }

  /** One image per location, sorted by location name, so the body does not depend on finishing order. */
  private static Collection<LocationImage> byLocation(List<LocationImage> images) {
    Map<String, LocationImage> byName = new TreeMap<>();
    images.forEach(image -> byName.putIfAbsent(image.ref().location(), image));
    return byName.values();
  }
}
