package org.imagerelease.activities.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagerelease.activities.events.EventFixtures.AZURE_X86_64;
import static org.imagerelease.activities.events.EventFixtures.COMPOSE_ID;
import static org.imagerelease.activities.events.EventFixtures.EC2_X86_64;
import static org.imagerelease.activities.events.EventFixtures.QCOW2_AARCH64;
import static org.imagerelease.activities.events.EventFixtures.SHA256;
import static org.imagerelease.activities.events.EventFixtures.located;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleaseEventKind;
import org.junit.jupiter.api.Test;

class ReleaseEventMessagesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** A clock with a fraction of a second, in a zone east of UTC: sent-at must show neither. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-10-27T11:02:44.734912Z"), ZoneId.of("Europe/Prague"));

  /** What the worker's target registry gives: the clouds speak fedora-image-uploader's messages. */
  static final Map<String, PublishedFormat> FORMATS =
      Map.of("aws", PublishedFormats.uploaderAws(), "azure", PublishedFormats.uploaderAzure(), "mirror", PublishedFormats.mirror("mirror"));

  private final ReleaseEventMessages messages = new ReleaseEventMessages(CLOCK, FORMATS);

  /** fedora-image-uploader's AwsPublishedV1 body as it appears on the bus (shape from the schema package). */
  private static final String UPLOADER_AWS_BODY = """
      {
        "architecture": "x86_64",
        "compose_id": "Fedora-41-20241027.0",
        "image_name": "Fedora-Cloud-Base-AmazonEC2.x86_64-41-1.4",
        "regions": {
          "us-east-1": "ami-0c8d2a4f1e9b7a301",
          "us-east-2": "ami-04b7e61d2c9f8a512",
          "eu-central-1": "ami-0f3e2d1c0b9a8f723"
        },
        "release": 41,
        "subvariant": "Cloud_Base"
      }""";

  /** fedora-image-uploader's AzurePublishedV1 body. */
  private static final String UPLOADER_AZURE_BODY = """
      {
        "architecture": "x86_64",
        "compose_id": "Fedora-41-20241027.0",
        "image_definition_name": "Fedora-Cloud-41-x64",
        "image_version_name": "41.20241027.0",
        "image_resource_id": "/CommunityGalleries/Fedora-5e266ba4-2250-406d-adad-5d73860d958f/Images/Fedora-Cloud-41-x64/Versions/41.20241027.0",
        "regions": ["australiaeast", "eastus", "eastus2", "westeurope", "westus3"],
        "release": 41,
        "subvariant": "Cloud_Base"
      }""";

  @Test
  void anUploadedImageIsAnnouncedWithWhatATestSystemNeedsToTestIt() {
    LocationImage image =
        located(COMPOSE_ID, "aws", "us-east-1", EC2_X86_64, "ami-0c8d2a4f1e9b7a301", "",
            Map.of("snapshotId", "snap-0a1b2c3d4e5f60718", PublishedImageAttributes.AMI_NAME, "Fedora-Cloud-Base-AmazonEC2.x86_64-41-1.4"));

    FedoraMessage message = single(messages.messagesFor(EventFixtures.uploaded(image)));

    assertThat(message.topic()).isEqualTo("image_release.image.uploaded");
    assertThat(message.headers())
        .containsEntry("fedora_messaging_schema", "image_release.image.uploaded.v1")
        .containsEntry("fedora_messaging_severity", 20)
        .containsEntry("priority", 0)
        .containsEntry("sent-at", "2024-10-27T11:02:44+00:00");
    JsonNode body = message.body();
    assertThat(fieldNames(body))
        .containsExactly(
            "architecture", "compose_id", "release_id", "target", "location", "image_id", "image_file", "release",
            "subvariant", "type", "format", "size", "sha256", "url", "attributes");
    assertThat(body.get("target").asText()).isEqualTo("aws");
    assertThat(body.get("location").asText()).isEqualTo("us-east-1");
    assertThat(body.get("image_id").asText()).isEqualTo("ami-0c8d2a4f1e9b7a301");
    assertThat(body.get("image_file").asText()).isEqualTo("Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz");
    assertThat(body.get("compose_id").asText()).isEqualTo(COMPOSE_ID);
    assertThat(body.get("release_id").asText()).isEqualTo("release-" + COMPOSE_ID);
    assertThat(body.get("architecture").asText()).isEqualTo("x86_64");
    assertThat(body.get("release").asInt()).isEqualTo(41);
    assertThat(body.get("sha256").asText()).isEqualTo(SHA256);
    assertThat(body.get("size").asLong()).isEqualTo(524_288_000L);
    assertThat(body.get("url").isNull()).isTrue();
    assertThat(body.get("attributes").get("snapshotId").asText()).isEqualTo("snap-0a1b2c3d4e5f60718");
  }

  @Test
  void theMessageIdIsAUuid4AsTheWireFormatSaysAndTheSameOnEveryAttempt() {
    LocationImage image = located(COMPOSE_ID, "mirror", "local", QCOW2_AARCH64, "Cloud/aarch64/images/x.qcow2", "", Map.of());
    ReleaseEvent event = EventFixtures.uploaded(image);
    ReleaseEventMessages later = new ReleaseEventMessages(Clock.offset(CLOCK, java.time.Duration.ofMinutes(7)), FORMATS);

    FedoraMessage first = single(messages.messagesFor(event));
    FedoraMessage retried = single(later.messagesFor(event));
    FedoraMessage other =
        single(messages.messagesFor(new ReleaseEvent(event.eventId() + "-other", event.kind(), event.composeId(), event.images(), "")));

    assertThat(retried.id()).isEqualTo(first.id());
    assertThat(retried.headers().get("sent-at")).isNotEqualTo(first.headers().get("sent-at"));
    assertThat(other.id()).isNotEqualTo(first.id());
    UUID id = UUID.fromString(first.id());
    assertThat(id.version()).as("fedora-messaging's wire format: a UUID4").isEqualTo(4);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.toString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void aCompletedReleaseListsItsPublicImages() {
    List<LocationImage> published =
        List.of(located(COMPOSE_ID, "mirror", "local", QCOW2_AARCH64, "Cloud/aarch64/images/f.qcow2", "https://dl.example.org/Cloud/aarch64/images/f.qcow2", Map.of()));
    ReleaseEvent event =
        new ReleaseEvent("release-" + COMPOSE_ID + "/completed", ReleaseEventKind.RELEASE_COMPLETED, COMPOSE_ID, published, "1 images public");

    FedoraMessage message = single(messages.messagesFor(event));

    assertThat(message.topic()).isEqualTo("image_release.release.completed");
    assertThat(message.headers())
        .containsEntry("fedora_messaging_schema", "image_release.release.completed.v1")
        .containsEntry("fedora_messaging_severity", 20);
    assertThat(message.body().get("outcome").asText()).isEqualTo("RELEASED");
    assertThat(message.body().get("release_id").asText()).isEqualTo("release-" + COMPOSE_ID);
    JsonNode entry = message.body().get("images").get(0);
    assertThat(entry.get("target").asText()).isEqualTo("mirror");
    assertThat(entry.get("location").asText()).isEqualTo("local");
    assertThat(entry.get("image_file").asText()).isEqualTo("Fedora-Cloud-Base-Generic-41-1.4.aarch64.qcow2");
    assertThat(entry.get("url").asText()).isEqualTo("https://dl.example.org/Cloud/aarch64/images/f.qcow2");
  }

  @Test
  void aFailedReleaseCarriesItsOutcomeAndReasonAsAnError() {
    ReleaseEvent event =
        new ReleaseEvent("release-" + COMPOSE_ID + "/failed", ReleaseEventKind.RELEASE_FAILED, COMPOSE_ID, List.of(),
            "FAILED: mirror:f.qcow2 at local: CHECKSUM_MISMATCH: expected a, got b");

    FedoraMessage message = single(messages.messagesFor(event));

    assertThat(message.topic()).isEqualTo("image_release.release.failed");
    assertThat(message.headers())
        .containsEntry("fedora_messaging_schema", "image_release.release.failed.v1")
        .containsEntry("fedora_messaging_severity", 40);
    assertThat(message.body().get("outcome").asText()).isEqualTo("FAILED");
    assertThat(message.body().get("reason").asText()).isEqualTo("mirror:f.qcow2 at local: CHECKSUM_MISMATCH: expected a, got b");
    assertThat(message.body().get("images")).isEmpty();
  }

  @Test
  void aReleaseTheGateStoppedIsAWarningNotAnError() {
    ReleaseEvent event =
        new ReleaseEvent("release-" + COMPOSE_ID + "/failed", ReleaseEventKind.RELEASE_FAILED, COMPOSE_ID, List.of(),
            "COMPENSATED: rejected by alice: kernel regression");

    FedoraMessage message = single(messages.messagesFor(event));

    assertThat(message.headers()).containsEntry("fedora_messaging_severity", 30);
    assertThat(message.body().get("outcome").asText()).isEqualTo("COMPENSATED");
    assertThat(message.body().get("reason").asText()).isEqualTo("rejected by alice: kernel regression");
  }

  @Test
  void awsPublishedIsTheUploadersMessageFieldForField() throws Exception {
    Map<String, String> attributes = Map.of(PublishedImageAttributes.AMI_NAME, "Fedora-Cloud-Base-AmazonEC2.x86_64-41-1.4");
    List<LocationImage> regions =
        List.of(
            located(COMPOSE_ID, "aws", "us-east-1", EC2_X86_64, "ami-0c8d2a4f1e9b7a301", "", attributes),
            located(COMPOSE_ID, "aws", "us-east-2", EC2_X86_64, "ami-04b7e61d2c9f8a512", "", attributes),
            located(COMPOSE_ID, "aws", "eu-central-1", EC2_X86_64, "ami-0f3e2d1c0b9a8f723", "", attributes));

    FedoraMessage message = single(messages.messagesFor(EventFixtures.published(COMPOSE_ID, regions)));

    assertThat(message.topic()).isEqualTo("fedora_image_uploader.published.v1.aws.rc.Cloud_Base.x86_64");
    assertThat(message.headers())
        .containsEntry("fedora_messaging_schema", "fedora_image_uploader.published.v1.aws")
        .containsEntry("fedora_messaging_severity", 20)
        .containsEntry("sent-at", "2024-10-27T11:02:44+00:00");
    JsonNode expected = MAPPER.readTree(UPLOADER_AWS_BODY);
    assertThat(message.body()).isEqualTo(expected);
    assertThat(fieldNames(message.body())).containsExactlyElementsOf(fieldNames(expected));
    assertThat(message.body().get("release").isInt()).isTrue();
  }

  @Test
  void azurePublishedIsTheUploadersMessageFieldForField() throws Exception {
    Map<String, String> attributes =
        Map.of(
            PublishedImageAttributes.IMAGE_DEFINITION, "Fedora-Cloud-41-x64",
            PublishedImageAttributes.IMAGE_VERSION, "41.20241027.0",
            PublishedImageAttributes.COMMUNITY_RESOURCE_ID,
            "/CommunityGalleries/Fedora-5e266ba4-2250-406d-adad-5d73860d958f/Images/Fedora-Cloud-41-x64/Versions/41.20241027.0");
    String privateId =
        "/subscriptions/0000/resourceGroups/fedora-cloud/providers/Microsoft.Compute/galleries/Fedora/images/Fedora-Cloud-41-x64/versions/41.20241027.0";
    List<LocationImage> regions = new ArrayList<>();
    for (String region : List.of("eastus", "westus3", "australiaeast", "westeurope", "eastus2")) {
      regions.add(located(COMPOSE_ID, "azure", region, AZURE_X86_64, privateId, "", attributes));
    }

    FedoraMessage message = single(messages.messagesFor(EventFixtures.published(COMPOSE_ID, regions)));

    assertThat(message.topic()).isEqualTo("fedora_image_uploader.published.v1.azure.rc.Cloud_Base.x86_64");
    assertThat(message.headers()).containsEntry("fedora_messaging_schema", "fedora_image_uploader.published.v1.azure");
    JsonNode expected = MAPPER.readTree(UPLOADER_AZURE_BODY);
    assertThat(message.body()).isEqualTo(expected);
    assertThat(fieldNames(message.body())).containsExactlyElementsOf(fieldNames(expected));
  }

  @Test
  void azureWithoutACommunityGalleryNamesTheTargetsOwnResource() {
    Map<String, String> attributes =
        Map.of(PublishedImageAttributes.IMAGE_DEFINITION, "Fedora-Cloud-41-x64", PublishedImageAttributes.IMAGE_VERSION, "41.20241027.0");
    LocationImage image = located(COMPOSE_ID, "azure", "eastus", AZURE_X86_64, "/subscriptions/0000/private-version", "", attributes);

    FedoraMessage message = single(messages.messagesFor(EventFixtures.published(COMPOSE_ID, List.of(image))));

    assertThat(message.body().get("image_resource_id").asText()).isEqualTo("/subscriptions/0000/private-version");
  }

  @Test
  void rawhideIsItsOwnChannelAndTakesItsReleaseNumberFromTheTarget() {
    String rawhide = "Fedora-Rawhide-20241028.n.1";
    Map<String, String> attributes = Map.of(PublishedImageAttributes.AMI_NAME, "Fedora-Cloud-Base-AmazonEC2.x86_64-Rawhide-20241028.n.1");
    LocationImage withoutNumber = located(rawhide, "aws", "us-east-1", EC2_X86_64, "ami-1", "", attributes);
    LocationImage withNumber =
        located(rawhide, "aws", "us-east-1", EC2_X86_64, "ami-1", "",
            Map.of(PublishedImageAttributes.AMI_NAME, "x", PublishedImageAttributes.RELEASE, "42"));

    FedoraMessage unnumbered = single(messages.messagesFor(EventFixtures.published(rawhide, List.of(withoutNumber))));
    FedoraMessage numbered = single(messages.messagesFor(EventFixtures.published(rawhide, List.of(withNumber))));

    assertThat(unnumbered.topic()).isEqualTo("fedora_image_uploader.published.v1.aws.rawhide.Cloud_Base.x86_64");
    assertThat(unnumbered.body().has("release")).isFalse();
    assertThat(numbered.body().get("release").asInt()).isEqualTo(42);
  }

  @Test
  void aCloudImageWithoutTheRequiredAttributesIsNotAnnouncedRatherThanAnnouncedWrong() {
    LocationImage image = located(COMPOSE_ID, "aws", "us-east-1", EC2_X86_64, "ami-1", "", Map.of());

    assertThat(PublishedImageAttributes.missingFrom(image, PublishedFormats.uploaderAws())).containsExactly(PublishedImageAttributes.AMI_NAME);
    assertThat(messages.messagesFor(EventFixtures.published(COMPOSE_ID, List.of(image)))).isEmpty();
  }

  @Test
  void aMirrorReleaseIsAnnouncedWithChecksumSizeAndEveryRootsPathAndUrl() {
    String path = "Cloud/aarch64/images/Fedora-Cloud-Base-Generic-41-1.4.aarch64.qcow2";
    List<LocationImage> roots =
        List.of(
            located(COMPOSE_ID, "mirror", "primary", QCOW2_AARCH64, path, "https://dl.example.org/pub/" + path, Map.of("root", "primary")),
            located(COMPOSE_ID, "mirror", "archive", QCOW2_AARCH64, path, "", Map.of("root", "archive")));

    FedoraMessage message = single(messages.messagesFor(EventFixtures.published(COMPOSE_ID, roots)));

    assertThat(message.topic()).isEqualTo("image_release.published.v1.mirror.rc.Cloud_Base.aarch64");
    assertThat(message.headers()).containsEntry("fedora_messaging_schema", "image_release.published.v1.mirror");
    JsonNode body = message.body();
    assertThat(fieldNames(body))
        .containsExactly("architecture", "compose_id", "image_file", "release", "subvariant", "sha256", "size", "roots");
    assertThat(body.get("image_file").asText()).isEqualTo("Fedora-Cloud-Base-Generic-41-1.4.aarch64.qcow2");
    assertThat(body.get("sha256").asText()).isEqualTo(SHA256);
    assertThat(body.get("size").asLong()).isEqualTo(470_000_000L);
    assertThat(body.get("roots").get("primary").get("path").asText()).isEqualTo(path);
    assertThat(body.get("roots").get("primary").get("url").asText()).isEqualTo("https://dl.example.org/pub/" + path);
    assertThat(body.get("roots").get("archive").get("url").isNull()).isTrue();
  }

  private static FedoraMessage single(List<FedoraMessage> messages) {
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
