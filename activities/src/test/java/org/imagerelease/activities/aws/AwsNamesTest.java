package org.imagerelease.activities.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.junit.jupiter.api.Test;

class AwsNamesTest {
  private static final ImageArtifact EC2 =
      new ImageArtifact("Cloud", "aarch64", "Cloud_Base", "raw-xz", "raw.xz",
          "Cloud/aarch64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz", 1000, "a".repeat(64));
  private static final ImageAtLocation REF =
      new ImageAtLocation("release-Fedora-41-20241027.0", "Fedora-41-20241027.0", "aws", "eu-west-1", EC2);

  @Test
  void namesComeFromTheTemplate() {
    assertThat(AwsNames.amiName("{image}", REF)).isEqualTo("Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64");
    assertThat(AwsNames.ssmParameter("/fedora/{release}/{subvariant}/{arch}/latest", REF)).isEqualTo("/fedora/41/Cloud_Base/aarch64/latest");
    ImageAtLocation rawhide = new ImageAtLocation("release-x", "Fedora-Rawhide-20241028.n.1", "aws", "us-east-1", EC2);
    assertThat(AwsNames.ssmParameter("/fedora/{release}/latest", rawhide)).isEqualTo("/fedora/rawhide/latest");
  }

  @Test
  void tokensAreStablePerCallAndDifferPerRegionPurposeAndGeneration() {
    String token = AwsNames.clientToken("copy", REF, 0);

    assertThat(token).hasSizeLessThanOrEqualTo(64).matches("[\\x21-\\x7e]+").isEqualTo(AwsNames.clientToken("copy", REF, 0));
    assertThat(AwsNames.clientToken("copy", REF, 1)).isNotEqualTo(token);
    assertThat(AwsNames.clientToken("snapshot", REF, 0)).isNotEqualTo(token);
    assertThat(AwsNames.clientToken("copy", new ImageAtLocation(REF.releaseId(), REF.composeId(), "aws", "us-east-1", EC2), 0)).isNotEqualTo(token);
  }

  @Test
  void everyResourceIsTaggedWithItsReleaseAndImage() {
    assertThat(AwsNames.tags(REF, Map.of("Team", "releng")))
        .containsEntry("ManagedBy", "image-release")
        .containsEntry("ReleaseId", "release-Fedora-41-20241027.0")
        .containsEntry("ComposeId", "Fedora-41-20241027.0")
        .containsEntry("ImageFile", "Fedora-Cloud-Base-AmazonEC2-41-1.4.aarch64.raw.xz")
        .containsEntry("Subvariant", "Cloud_Base")
        .containsEntry("Arch", "aarch64")
        .containsEntry("Team", "releng");
    assertThat(AwsNames.ec2Architecture("aarch64")).isEqualTo("arm64");
    assertThat(AwsNames.ec2Architecture("x86_64")).isEqualTo("x86_64");
  }

  @Test
  void aComposeIsNewerByItsDateThenItsRespin() {
    assertThat(AwsNames.isNewerCompose("Fedora-42-20261207.n.1", "Fedora-42-20261207.n.0")).isTrue();
    assertThat(AwsNames.isNewerCompose("Fedora-42-20261208.n.0", "Fedora-42-20261207.n.9")).isTrue();
    assertThat(AwsNames.isNewerCompose("Fedora-42-20261207.n.10", "Fedora-42-20261207.n.9")).as("respins compare as numbers").isTrue();
    assertThat(AwsNames.isNewerCompose("Fedora-42-20261207.n.0", "Fedora-42-20261207.n.0")).isFalse();
    assertThat(AwsNames.isNewerCompose("Fedora-42-20261206.n.3", "Fedora-42-20261207.n.0")).isFalse();
    assertThat(AwsNames.isNewerCompose("not-a-compose", "Fedora-42-20261207.n.0")).isFalse();
  }
}
