package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComposeLocationTest {
  private static final String EC2 =
      "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-41-1.4.x86_64.raw.xz";

  @TempDir Path temp;

  @Test
  void resolvesImageUnderHttpComposeUrl() throws Exception {
    ComposeLocation location =
        ComposeLocation.parse("https://kojipkgs.example/compose/41/Fedora-41-20241027.0/compose");

    assertThat(location.metadataUri())
        .isEqualTo(
            URI.create(
                "https://kojipkgs.example/compose/41/Fedora-41-20241027.0/compose/metadata/images.json"));
    assertThat(location.imageSource(image(EC2)))
        .isEqualTo(
            URI.create("https://kojipkgs.example/compose/41/Fedora-41-20241027.0/compose/" + EC2));
  }

  @Test
  void keepsPortAndThePathsCharactersAsTheyAre() throws Exception {
    ComposeLocation location = ComposeLocation.parse("http://127.0.0.1:8080/compose/");

    assertThat(location.imageSource(image("Cloud/x86_64/images/a+b~c_1.2-3.raw.xz")).toString())
        .isEqualTo("http://127.0.0.1:8080/compose/Cloud/x86_64/images/a+b~c_1.2-3.raw.xz");
  }

  @Test
  void refusesSpacesAndPercentSignsInsteadOfEncodingThem() {
    ComposeLocation location = ComposeLocation.parse("http://127.0.0.1:8080/compose/");

    assertThatThrownBy(() -> location.imageSource(image("Cloud/x86_64/images/a b%2e.raw.xz")))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
        .hasMessageContaining("has ' ' at position 22, not allowed in a path");
  }

  @Test
  void resolvesImageUnderComposeDirectory() throws Exception {
    ComposeLocation location = ComposeLocation.parse(temp.toString());

    assertThat(location.imageSource(image(EC2))).isEqualTo(temp.resolve(EC2).toUri());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../other-compose/Fedora.raw.xz",
        "Cloud/../../etc/passwd",
        "/etc/passwd",
        "//evil.example/Fedora.raw.xz",
        "https://evil.example/Fedora.raw.xz",
        "Cloud\\..\\..\\x",
        "Cloud//x"
      })
  void refusesImagePathsThatLeaveTheCompose(String path) {
    ComposeLocation http = ComposeLocation.parse("https://kojipkgs.example/compose/");
    ComposeLocation directory = ComposeLocation.parse(temp.toString());

    for (ComposeLocation location : new ComposeLocation[] {http, directory}) {
      assertThatThrownBy(() -> location.imageSource(image(path)))
          .isInstanceOfSatisfying(
              ReleaseException.class,
              e ->
                  assertThat(e.failureType())
                      .isEqualTo(ReleaseFailureTypes.INVALID_COMPOSE_METADATA))
          .hasMessageContaining("field 'path' of image '" + path)
          .hasMessageContaining("variant Cloud, arch x86_64");
    }
  }

  @Test
  void refusesSymlinkThatLeadsOutOfTheComposeDirectory() throws Exception {
    Path compose = Files.createDirectories(temp.resolve("compose"));
    Path secret = Files.writeString(temp.resolve("secret"), "not an image");
    Files.createDirectories(compose.resolve("Cloud"));
    Files.createSymbolicLink(compose.resolve("Cloud/Fedora.raw.xz"), secret);
    ComposeLocation location = ComposeLocation.parse(compose.toString());

    assertThatThrownBy(() -> location.imageSource(image("Cloud/Fedora.raw.xz")))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("is a link to " + secret.toRealPath() + ", outside");
  }

  @Test
  void acceptsSymlinkThatStaysInsideTheComposeDirectory() throws Exception {
    Path compose = Files.createDirectories(temp.resolve("compose"));
    Files.createDirectories(compose.resolve("Cloud"));
    Path real = Files.writeString(compose.resolve("Cloud/real.raw.xz"), "image");
    Files.createSymbolicLink(compose.resolve("Cloud/Fedora.raw.xz"), real);

    assertThat(ComposeLocation.parse(compose.toString()).imageSource(image("Cloud/Fedora.raw.xz")))
        .isEqualTo(compose.resolve("Cloud/Fedora.raw.xz").toUri());
  }

  @Test
  void refusesHttpLocationWithQuery() {
    assertThatThrownBy(() -> ComposeLocation.parse("https://kojipkgs.example/compose?x=1"))
        .isInstanceOfSatisfying(
            ReleaseException.class,
            e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.COMPOSE_NOT_FOUND));
  }

  private static ImageArtifact image(String path) {
    return new ImageArtifact(
        "Cloud", "x86_64", "Cloud_Base", "raw-xz", "raw.xz", path, 10, "0".repeat(64));
  }
}
