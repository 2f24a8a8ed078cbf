package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.conformance.RealFiles;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.Test;

/**
 * productmd's own test fixtures and a real Pungi compose, read as productmd reads them (its
 * {@code images.py}): source images set apart whichever layout lists them, {@code subvariant}
 * required from 1.1 on, version 1.0 without {@code header.type}.
 */
class ProductmdFixturesTest {
  private static final String SOURCE_DVD = "Server/source/iso/DP-1.0-20160602.t.0-Server-source-dvd1.iso";

  private final ImagesMetadataParser parser = new ImagesMetadataParser();

  @Test
  void sourceImagesListedUnderEveryBinaryArchAreSetApartOnce() {
    ComposeImages parsed = parse("release-engineering/productmd/src_move_after.json");

    assertThat(parsed.images()).extracting(ImageArtifact::arch).containsExactlyInAnyOrder("s390x", "x86_64");
    assertThat(parsed.sourceImages()).singleElement().satisfies(source -> {
      assertThat(source.path()).isEqualTo(SOURCE_DVD);
      assertThat(source.arch()).isEqualTo("src");
    });
  }

  @Test
  void sourceImagesUnderTheirOwnArchKeyAreSetApartTheSameWay() {
    ComposeImages before = parse("release-engineering/productmd/src_move_before.json");
    ComposeImages after = parse("release-engineering/productmd/src_move_after.json");

    assertThat(before.images()).containsExactlyInAnyOrderElementsOf(after.images());
    assertThat(before.sourceImages()).containsExactlyElementsOf(after.sourceImages());
  }

  @Test
  void version11KeepsAnEmptySubvariantAsItIs() {
    ComposeImages parsed = parse("release-engineering/productmd/f23.json");

    assertThat(parsed.images())
        .extracting(ImageArtifact::subvariant)
        .containsExactlyInAnyOrder("KDE", "", "");
  }

  @Test
  void version11WithoutSubvariantIsRefusedAsProductmdRefusesIt() throws Exception {
    ObjectNode f23 = (ObjectNode) new ObjectMapper().readTree(RealFiles.bytes("release-engineering/productmd/f23.json"));
    ((ObjectNode) f23.at("/payload/images/Live/x86_64/0")).remove("subvariant");

    assertThatThrownBy(() -> parser.parse(new ObjectMapper().writeValueAsBytes(f23), "f23 without subvariant"))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("image 'Live/x86_64/iso/Fedora-Live-KDE-x86_64-23-10.iso'")
        .hasMessageContaining("field 'subvariant' is missing (productmd requires it from metadata version 1.1 on)");
  }

  @Test
  void version10HasNoHeaderTypeAndNoSubvariant() {
    ComposeImages parsed = parse("release-engineering/productmd/f20.json");

    assertThat(parsed.compose().id()).isEqualTo("Fedora-20-20131212.0");
    assertThat(parsed.images()).hasSize(2).allSatisfy(image -> {
      assertThat(image.subvariant()).isEmpty();
      assertThat(image.format()).isEqualTo("iso");
    });
  }

  @Test
  void readsTheRealRawhideComposeWhole() throws Exception {
    ComposeImages parsed = parse(RealFiles.RAWHIDE_IMAGES);
    JsonNode variants = new ObjectMapper().readTree(RealFiles.bytes(RealFiles.RAWHIDE_IMAGES)).at("/payload/images");
    int listed = 0;
    for (JsonNode arches : variants) {
      for (JsonNode images : arches) {
        listed += images.size();
      }
    }

    assertThat(parsed.compose().id()).isEqualTo("Fedora-Rawhide-20230502.n.0");
    assertThat(parsed.images()).hasSize(listed);
    assertThat(parsed.sourceImages()).isEmpty();
    assertThat(parsed.images())
        .filteredOn(image -> image.variant().equals("Cloud"))
        .extracting(ImageArtifact::type)
        .containsOnly("qcow2", "raw-xz", "tar-gz", "vagrant-libvirt", "vagrant-virtualbox");
  }

  private ComposeImages parse(String realFile) {
    return parser.parse(RealFiles.bytes(realFile), realFile);
  }

}
