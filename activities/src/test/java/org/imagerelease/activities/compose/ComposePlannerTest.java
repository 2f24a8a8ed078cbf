package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleasePlan;
import org.junit.jupiter.api.Test;

class ComposePlannerTest {
  private static final ComposeRef COMPOSE =
      new ComposeRef(SampleComposeJson.COMPOSE_ID, "/srv/compose");
  private static final TargetSettings AWS =
      new TargetSettings(
          "aws", "us-east-1", List.of("eu-west-1", "us-west-2"), true, SelectionRule.awsDefault());
  private static final TargetSettings AZURE =
      new TargetSettings(
          "azure", "eastus", List.of("westeurope"), true, SelectionRule.azureDefault());
  private static final TargetSettings MIRROR =
      new TargetSettings(
          "mirror", "primary", List.of("backup"), true, SelectionRule.mirrorDefault());

  private final ComposePlanner planner = new ComposePlanner(ComposeReader.withDefaults(ComposeSources.anywhere()));

  @Test
  void awsDefaultSelectsTheTwoAmazonEc2RawXzImages() {
    ReleasePlan plan = plan(SampleComposeJson.fedora41(), AWS);

    assertThat(paths(plan))
        .containsExactly(
            "Cloud/aarch64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz",
            "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz");
  }

  @Test
  void azureDefaultSelectsTheTwoVhdfixedXzImages() {
    ReleasePlan plan = plan(SampleComposeJson.fedora41(), AZURE);

    assertThat(paths(plan))
        .containsExactly(
            "Cloud/aarch64/images/Fedora-Cloud-Base-Azure-41-1.4.aarch64.vhdfixed.xz",
            "Cloud/x86_64/images/Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed.xz");
  }

  @Test
  void azureDefaultAlsoTakesTheOtherVhdFormatsProductmdAllows() {
    var sample = SampleComposeJson.fedora41();
    ((ObjectNode) sample.images("Cloud", "x86_64").get(1)).put("format", "vhd.gz");
    ((ObjectNode) sample.images("Cloud", "aarch64").get(1)).put("format", "vhd.xz");

    assertThat(plan(sample, AZURE).images()).hasSize(2);
  }

  @Test
  void mirrorDefaultSelectsEveryCloudImage() {
    ReleasePlan plan = plan(SampleComposeJson.fedora41(), MIRROR);

    assertThat(plan.images())
        .hasSize(8)
        .allSatisfy(p -> assertThat(p.image().variant()).isEqualTo("Cloud"));
    assertThat(plan.images())
        .extracting(p -> p.image().format())
        .containsOnly("raw.xz", "vhdfixed.xz", "tar.gz", "qcow2");
  }

  @Test
  void ordersByTargetThenVariantArchAndPath() {
    ReleasePlan plan = plan(SampleComposeJson.fedora41(), MIRROR, AWS);

    assertThat(plan.targets()).containsExactly("mirror", "aws");
    assertThat(plan.images().subList(0, 8))
        .extracting(p -> p.image().arch() + " " + p.image().fileName())
        .containsExactly(
            "aarch64 Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz",
            "aarch64 Fedora-Cloud-Base-Azure-41-1.4.aarch64.vhdfixed.xz",
            "aarch64 Fedora-Cloud-Base-GCE-41-1.4.aarch64.tar.gz",
            "aarch64 Fedora-Cloud-Base-Generic-41-1.4.aarch64.qcow2",
            "x86_64 Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz",
            "x86_64 Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhdfixed.xz",
            "x86_64 Fedora-Cloud-Base-GCE-41-1.4.x86_64.tar.gz",
            "x86_64 Fedora-Cloud-Base-Generic-41-1.4.x86_64.qcow2");
  }

  @Test
  void givesEachPlannedImageItsTargetsLocations() {
    PlannedImage first = plan(SampleComposeJson.fedora41(), AWS).images().get(0);

    assertThat(first.target()).isEqualTo("aws");
    assertThat(first.primaryLocation()).isEqualTo("us-east-1");
    assertThat(first.replicaLocations()).containsExactly("eu-west-1", "us-west-2");
  }

  @Test
  void skipsDisabledTargets() {
    var disabledAws =
        new TargetSettings("aws", "us-east-1", List.of(), false, SelectionRule.awsDefault());

    assertThat(plan(SampleComposeJson.fedora41(), disabledAws, AZURE).targets())
        .containsExactly("azure");
  }

  @Test
  void plansNothingWhenNoTargetWantsAnyImage() {
    var sample = SampleComposeJson.fedora41();
    sample.variants().remove("Cloud");

    ReleasePlan plan = plan(sample, AWS, AZURE, MIRROR);

    assertThat(plan.hasNoImages()).isTrue();
    assertThat(plan.compose()).isEqualTo(COMPOSE);
  }

  @Test
  void refusesSelectedImageWhoseCompressionCannotBeDecoded() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("format", "raw.bz2");
    var anyRawXzType =
        new TargetSettings(
            "aws",
            "us-east-1",
            List.of(),
            true,
            new SelectionRule(List.of(), List.of("raw-xz"), List.of(), List.of(), List.of()));

    assertThatThrownBy(() -> plan(sample, anyRawXzType))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e ->
                assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
        .hasMessageContaining(
            "image 'Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz'")
        .hasMessageContaining("field 'format' is 'raw.bz2'")
        .hasMessageContaining("target aws selects the image");
  }

  @Test
  void aTargetThatCopiesFilesAsTheyAreTakesAnyCompression() {
    var sample = SampleComposeJson.fedora41();
    sample.ec2X86().put("format", "raw.bz2");
    var copiesVerbatim =
        new TargetSettings("mirror", "primary", List.of(), true, SelectionRule.mirrorDefault(), false);

    assertThat(paths(plan(sample, copiesVerbatim)))
        .contains("Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz");
  }

  @Test
  void ignoresUndecodableFormatNoTargetWants() {
    var sample = SampleComposeJson.fedora41();
    ((ObjectNode) sample.images("Server", "x86_64").get(0)).put("format", "iso.bz2");

    assertThat(plan(sample, AWS, AZURE, MIRROR).images()).hasSize(12);
  }

  @Test
  void refusesTwoTargetsOfTheSameName() {
    assertThatThrownBy(() -> plan(SampleComposeJson.fedora41(), AWS, AWS))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.CONFIGURATION));
  }

  @Test
  void refusesTargetWhosePrimaryIsAlsoAReplica() {
    assertThatThrownBy(
            () ->
                new TargetSettings(
                    "aws", "us-east-1", List.of("us-east-1"), true, SelectionRule.awsDefault()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("us-east-1");
  }

  private ReleasePlan plan(SampleComposeJson sample, TargetSettings... targets) {
    ComposeImages images = new ImagesMetadataParser().parse(sample.bytes(), "test");
    return planner.plan(COMPOSE, images, List.of(targets));
  }

  private static List<String> paths(ReleasePlan plan) {
    return plan.images().stream().map(PlannedImage::image).map(ImageArtifact::path).toList();
  }
}
