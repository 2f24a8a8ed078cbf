package org.imagerelease.activities.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published messages targets speak. For the clouds it is fedora-image-uploader's own message,
 * schema header and body field for field ({@code fedora_image_uploader.published.v1.aws} / {@code
 * .azure}, package fedora-image-uploader-messages 1.2.0), so that the consumers already reading
 * those (datagrepper, FMN, the cloud test runners, the website's AMI list) keep working; for every
 * other target this project's {@code image_release.published.v1.<target>}.
 */
public final class PublishedFormats {
  static final String UPLOADER_PUBLISHED = "fedora_image_uploader.published.v1.";
  static final String PUBLISHED = "image_release.published.v1.";

  private static final Logger log = LoggerFactory.getLogger(PublishedFormats.class);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PublishedFormats() {}

  /** {@code AwsPublishedV1}: one AMI name, the AMI id per region. */
  public static PublishedFormat uploaderAws() {
    return format(UPLOADER_PUBLISHED + "aws", List.of(PublishedImageAttributes.AMI_NAME), true, PublishedFormats::aws);
  }

  /** {@code AzurePublishedV1}: the gallery image version and the regions it was replicated to. */
  public static PublishedFormat uploaderAzure() {
    return format(
        UPLOADER_PUBLISHED + "azure",
        List.of(PublishedImageAttributes.IMAGE_DEFINITION, PublishedImageAttributes.IMAGE_VERSION),
        true,
        PublishedFormats::azure);
  }

  /** The mirror's: the file, its checksum and where each mirror root has it. */
  public static PublishedFormat mirror(String target) {
    return format(PUBLISHED + target, List.of(), false, PublishedFormats::mirror);
  }

  /** A target without a message of its own: its image ids per location. */
  public static PublishedFormat generic(String target) {
    return format(PUBLISHED + target, List.of(), false, PublishedFormats::anyTarget);
  }

  private static PublishedFormat format(
      String schema, List<String> required, boolean requiresReleaseNumber, Function<ReleaseEvent, ObjectNode> body) {
    return new PublishedFormat() {
      @Override
      public String schema() {
        return schema;
      }

      @Override
      public List<String> requiredAttributes() {
        return required;
      }

      @Override
      public ObjectNode body(ReleaseEvent event) {
        return body.apply(event);
      }

      @Override
      public boolean requiresReleaseNumber() {
        return requiresReleaseNumber;
      }
    };
  }

  private static ObjectNode aws(ReleaseEvent event) {
    LocationImage first = event.images().get(0);
    ObjectNode body = common(event, first);
    body.put("image_name", first.attributes().get(PublishedImageAttributes.AMI_NAME));
    ObjectNode regions = body.putObject("regions");
    byLocation(event.images()).forEach(image -> regions.put(image.ref().location(), image.resourceId()));
    return releaseAndSubvariant(body, event, first);
  }

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
      // Only a target whose schema does not require it gets here (ReleaseNumberCheck refuses the
      // others at RESOLVING): the body goes without rather than with a guess.
      log.warn("Compose {}: release number unknown, published message of {} goes without one", event.composeId(), first.ref().imageName());
    }
    body.put("subvariant", subvariantOf(first.ref().image()));
    return body;
  }

  /**
   * The target's {@link PublishedImageAttributes#RELEASE}, else the compose id's number ({@link
   * ReleaseEventMessages} sets the attribute from the configured {@link ReleaseNumbers}).
   */
  static OptionalInt releaseOf(String composeId, LocationImage image) {
    return ReleaseNumbers.none().of(composeId, image);
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
