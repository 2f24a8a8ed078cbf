package org.imagerelease.activities.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imagerelease.activities.events.EventFixtures.AZURE_X86_64;
import static org.imagerelease.activities.events.EventFixtures.EC2_X86_64;
import static org.imagerelease.activities.events.EventFixtures.located;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.conformance.RealFiles;
import org.imagerelease.activities.messaging.FedoraMessage;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.workflows.model.ReleasePlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every published message this project sends in fedora-image-uploader's format validates against
 * the real JSON schemas of fedora-image-uploader-messages 1.2.0 (conformance/pypi-data, extracted
 * from the package's publish.py; SOURCES.md says how), with a JSON Schema validator that first
 * shows it agrees with the package's own tests.
 */
class UploaderSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AWS = "fedora_image_uploader.published.v1.aws";
  private static final String AZURE = "fedora_image_uploader.published.v1.azure";
  private static final Map<String, JsonSchema> SCHEMAS = new LinkedHashMap<>();

  @BeforeAll
  static void readTheRealSchemas() throws Exception {
    JsonNode file = JSON.readTree(RealFiles.bytes("pypi-data/pypi-mirror-310/body_schemas.json"));
    // The schemas name themselves with draft-04's "id" though they declare draft 2019-09, whose
    // word for it is "$id"; Python's jsonschema, which the package validates with, ignores the
    // keyword, and so does this validator once told it carries no constraint.
    JsonMetaSchema draft201909 = JsonMetaSchema.builder(JsonMetaSchema.getV201909()).keyword(new NonValidationKeyword("id")).build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909)).metaSchema(draft201909).build();
    file.properties().forEach(entry -> SCHEMAS.put(entry.getKey(), factory.getSchema(entry.getValue().get("body_schema"))));
    assertThat(SCHEMAS).containsKeys(AWS, AZURE);
  }

  /** The validator agrees with the package's own tests: their bodies pass, each without a required field fails. */
  @Test
  void theValidatorAgreesWithThePackagesOwnTests() throws Exception {
    JsonNode tests = JSON.readTree(RealFiles.bytes("pypi-data/pypi-mirror-310/test_publish_bodies.json"));
    Map<String, String> schemaOfTest = Map.of("test_aws_schema", AWS, "test_azure_schema", AZURE);
    int checked = 0;
    for (JsonNode test : tests) {
      String schema = schemaOfTest.get(test.get("test").asText());
      if (schema == null) {
        continue;
      }
      ObjectNode body = (ObjectNode) test.get("body");
      assertThat(errors(schema, body)).as(test.get("test").asText()).isEmpty();
      for (JsonNode required : requiredFields(schema)) {
        ObjectNode without = body.deepCopy();
        without.remove(required.asText());
        assertThat(errors(schema, without)).as("%s without %s", test.get("test").asText(), required.asText()).isNotEmpty();
      }
      checked++;
    }
    assertThat(checked).isEqualTo(2);
  }

  /** The real AWS message of September 2024 predates schema 1.2.0: it lacks release and subvariant. */
  @Test
  void theRealSeptember2024AwsMessageFailsTheSchemaForLackingReleaseAndSubvariant() throws Exception {
    JsonNode dump = JSON.readTree(RealFiles.bytes("scarf005/fedora-websites-3.0/fetch_amis.published-v1-aws-message.json"));
    JsonNode body = dump.has("body") ? dump.get("body") : dump.at("/msg");

    assertThat(errors(AWS, body)).anySatisfy(error -> assertThat(error).contains("release")).anySatisfy(error -> assertThat(error).contains("subvariant"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Fedora-41-20241027.0", "Fedora-40-20240501.n.0", "Fedora-Rawhide-20230502.n.0", "Fedora-ELN-20241028.n.0"})
  void everyPublishedBodyWeSendValidates(String composeId) {
    ReleaseEventMessages messages =
        new ReleaseEventMessages(Clock.systemUTC(), ReleaseEventMessagesTest.FORMATS, new ReleaseNumbers(Map.of("Rawhide", 39, "ELN", 11)));
    List<FedoraMessage> sent = new ArrayList<>();
    sent.addAll(messages.messagesFor(EventFixtures.published(composeId, List.of(
        ami(composeId, "us-east-1", "ami-0c8d2a4f1e9b7a301"), ami(composeId, "eu-central-1", "ami-0f3e2d1c0b9a8f723")))));
    sent.addAll(messages.messagesFor(EventFixtures.published(composeId, List.of(galleryVersion(composeId, "eastus"), galleryVersion(composeId, "westus3")))));

    assertThat(sent).extracting(message -> message.headers().get(FedoraMessage.SCHEMA)).containsExactly(AWS, AZURE);
    for (FedoraMessage message : sent) {
      String schema = (String) message.headers().get(FedoraMessage.SCHEMA);
      assertThat(errors(schema, message.body())).as("%s of %s: %s", schema, composeId, message.body()).isEmpty();
    }
  }

  /** Rawhide's compose id names no release: without a configured one the plan is refused before any upload. */
  @Test
  void aRawhideReleaseToAnUploaderTargetWithoutAReleaseNumberIsRefusedBeforeUpload() {
    ReleasePlan plan =
        new ReleasePlan(
            new ComposeRef("Fedora-Rawhide-20230502.n.0", "https://kojipkgs.example.org/compose/rawhide/Fedora-Rawhide-20230502.n.0/compose"),
            List.of(new PlannedImage("aws", EC2_X86_64, "us-east-1", List.of("eu-central-1"))));

    assertThatThrownBy(() -> new ReleaseNumberCheck(ReleaseEventMessagesTest.FORMATS, ReleaseNumbers.none()).check(plan))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("Compose Fedora-Rawhide-20230502.n.0 names no release number")
        .hasMessageContaining("aws (" + AWS + ")")
        .hasMessageContaining("release_numbers = { Rawhide = <number> }");
    new ReleaseNumberCheck(ReleaseEventMessagesTest.FORMATS, new ReleaseNumbers(Map.of("rawhide", 39))).check(plan);
  }

  private static LocationImage ami(String composeId, String region, String amiId) {
    return located(composeId, "aws", region, image(EC2_X86_64, composeId), amiId, "",
        Map.of(PublishedImageAttributes.AMI_NAME, "Fedora-Cloud-Base-AmazonEC2.x86_64-" + composeId));
  }

  private static LocationImage galleryVersion(String composeId, String region) {
    return located(composeId, "azure", region, image(AZURE_X86_64, composeId),
        "/subscriptions/s/resourceGroups/fedora-cloud/providers/Microsoft.Compute/galleries/Fedora/images/Fedora-Cloud-x64/versions/1.0.0", "",
        Map.of(PublishedImageAttributes.IMAGE_DEFINITION, "Fedora-Cloud-x64", PublishedImageAttributes.IMAGE_VERSION, "1.0.0"));
  }

  private static ImageArtifact image(ImageArtifact image, String composeId) {
    return new ImageArtifact(image.variant(), image.arch(), image.subvariant(), image.type(), image.format(),
        image.path().replace("41-1.4", composeId), image.size(), image.sha256());
  }

  private static JsonNode requiredFields(String schema) throws Exception {
    JsonNode file = JSON.readTree(RealFiles.bytes("pypi-data/pypi-mirror-310/body_schemas.json"));
    return file.get(schema).get("body_schema").get("required");
  }

  private static List<String> errors(String schema, JsonNode body) {
    Set<ValidationMessage> messages = SCHEMAS.get(schema).validate(body);
    return messages.stream().map(ValidationMessage::getMessage).toList();
  }
}
