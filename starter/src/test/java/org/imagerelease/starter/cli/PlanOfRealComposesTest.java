package org.imagerelease.starter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.imagerelease.activities.compose.ComposeImages;
import org.imagerelease.activities.compose.ImagesMetadataParser;
import org.imagerelease.activities.conformance.RealFiles;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageGatePolicy;
import org.imagerelease.workflows.testgate.AwaitedResult;
import org.imagerelease.workflows.testgate.ImageGate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@code image-release plan} of real composes: the Rawhide compose of conformance/AdamWill under
 * the shipped configuration (deploy/config.toml) and the built-in one. Every image's gate must be
 * able to pass: an image waiting for results waits only for results Fedora's openQA produces (the
 * images its own WANTED list schedules, testcase compose.cloud_autocloud); the others wait for a
 * person. And productmd's source-image fixture plans, naming the source image it leaves out.
 */
class PlanOfRealComposesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPENQA_CLOUD_TESTCASE = "compose.cloud_autocloud";

  @TempDir Path directory;

  static Stream<Arguments> shippedConfigurations() {
    return Stream.of(Arguments.of("deploy/config.toml"), Arguments.of("built-in defaults"));
  }

  @ParameterizedTest
  @MethodSource("shippedConfigurations")
  void everyImageOfTheRealRawhideComposeHasAGateThatCanPass(String configuration) throws Exception {
    ComposeImages compose = rawhide();
    PlanCommand.PlanReport report = PlanCommand.report(config(configuration), compose, new ComposeRef(compose.compose().id(), "https://kojipkgs.fedoraproject.org/compose/rawhide/Fedora-Rawhide-20230502.n.0/compose"));

    assertThat(report.plan().images()).as("the Cloud images go to the mirror").hasSize(11);
    assertThat(report.gates()).hasSameSizeAs(report.plan().images());
    assertThat(report.warnings()).as("no image falls through the rules").isEmpty();
    List<ImageArtifact> testedByOpenQa = testedByOpenQa(compose.images());
    assertThat(testedByOpenQa).extracting(ImageArtifact::arch).containsExactlyInAnyOrder("x86_64", "aarch64", "ppc64le");
    for (ImageGate gate : report.gates()) {
      assertThat(gate.problem()).as(gate.imageName()).isEmpty();
      assertThat(gate.policy()).as(gate.imageName()).isIn(ImageGatePolicy.TESTS, ImageGatePolicy.APPROVAL);
      if (gate.policy() == ImageGatePolicy.TESTS) {
        assertThat(gate.awaited()).as(gate.imageName()).isNotEmpty();
        for (AwaitedResult awaited : gate.awaited()) {
          assertThat(awaited.testcase()).isEqualTo(OPENQA_CLOUD_TESTCASE);
          assertThat(testedByOpenQa).as("%s waits for %s, which openQA tests", gate.imageName(), awaited.item())
              .extracting(ImageArtifact::fileName).contains(awaited.item());
        }
      }
    }
    assertThat(report.gates()).filteredOn(gate -> gate.policy() == ImageGatePolicy.APPROVAL)
        .extracting(ImageGate::imageName).allMatch(name -> name.contains(".s390x."));
    assertThat(gateOf(report, "Fedora-Cloud-Base-Rawhide-20230502.n.0.x86_64.raw.xz").awaited())
        .containsExactly(new AwaitedResult(OPENQA_CLOUD_TESTCASE, "Fedora-Cloud-Base-Rawhide-20230502.n.0.x86_64.qcow2"));
  }

  @Test
  void planPrintsEachImagesRuleAndWhatItWaitsFor() throws Exception {
    Path composeDir = composeWith(RealFiles.RAWHIDE_IMAGES);

    String out = plan(composeDir, shippedWithLocalComposes());

    assertThat(out)
        .contains("rules, images no rule covers: approval")
        .contains("gate: rule same-bits-as-the-tested-qcow2: passing compose.cloud_autocloud of Fedora-Cloud-Base-Rawhide-20230502.n.0.x86_64.qcow2")
        .contains("gate: rule no-openqa-cloud-test-on-s390x: a person's approval")
        .doesNotContain("Warnings:");
  }

  @Test
  void aComposeTheWorkersWouldRefuseIsReported() throws Exception {
    Path composeDir = composeWith(RealFiles.RAWHIDE_IMAGES);

    String out = plan(composeDir, configFile("deploy/config.toml"));

    assertThat(out).contains("Warnings:")
        .contains("compose Fedora-Rawhide-20230502.n.0: its location '" + composeDir + "' is not an http(s) URL, and local composes are not allowed"
            + " ([consumer_config.composes] allow_local_paths); workers with this configuration fail its release (SourceNotAllowed)");
  }

  @Test
  void aRuleWhoseSiblingIsMissingIsWarnedAbout() throws Exception {
    Path composeDir = composeWith(RealFiles.RAWHIDE_IMAGES);
    Path config = Files.writeString(directory.resolve("qcow2-elsewhere.toml"), """
        [[consumer_config.gate.rules]]
        name = "ami-like-the-vhd"
        types = ["raw-xz"]
        sibling = { types = ["vhd-compressed"], testcases = ["compose.cloud_autocloud"] }
        """);

    String out = plan(composeDir, config);

    assertThat(out).contains("Warnings:")
        .contains("Fedora-Cloud-Base-Rawhide-20230502.n.0.x86_64.raw.xz: its gate cannot pass as rule 'ami-like-the-vhd' says")
        .contains("and the compose has none; images no rule covers: approval")
        .contains("Fedora-Cloud-Base-Rawhide-20230502.n.0.x86_64.qcow2: no gate rule covers it");
  }

  @Test
  void productmdsSourceImageFixturePlansAndNamesTheSourceImageLeftOut() throws Exception {
    Path composeDir = composeWith("release-engineering/productmd/src_move_after.json");
    Path everything = Files.writeString(directory.resolve("everything.toml"), "[consumer_config.mirror.selection]\nvariants = []\n");

    String out = plan(composeDir, everything);

    assertThat(out)
        .contains("Compose DP-1.0-20160602.t.0: 2 images in the metadata, 2 releases planned")
        .contains("Source images left out (a release never ships sources): Server/source/iso/DP-1.0-20160602.t.0-Server-source-dvd1.iso");
  }

  private static ImageGate gateOf(PlanCommand.PlanReport report, String imageName) {
    return report.gates().stream().filter(g -> g.imageName().equals(imageName)).findFirst().orElseThrow();
  }

  /** The Cloud images fedora_openqa's WANTED list schedules tests for. */
  private static List<ImageArtifact> testedByOpenQa(List<ImageArtifact> images) throws Exception {
    JsonNode wanted = JSON.readTree(RealFiles.bytes(RealFiles.OPENQA_WANTED));
    return images.stream()
        .filter(image -> image.variant().equals("Cloud"))
        .filter(image -> {
          for (JsonNode entry : wanted) {
            JsonNode match = entry.get("match");
            if (matches(match, "subvariant", image.subvariant()) && matches(match, "type", image.type())
                && matches(match, "format", image.format()) && matches(match, "arch", image.arch())) {
              return true;
            }
          }
          return false;
        })
        .toList();
  }

  private static boolean matches(JsonNode match, String field, String value) {
    return !match.has(field) || match.get(field).asText().equals(value);
  }

  private static ComposeImages rawhide() {
    return new ImagesMetadataParser().parse(RealFiles.bytes(RealFiles.RAWHIDE_IMAGES), RealFiles.RAWHIDE_IMAGES);
  }

  private ImageReleaseConfig config(String configuration) throws Exception {
    ConfigLoader loader = new ConfigLoader(Map.of());
    return configuration.equals("built-in defaults") ? loader.defaults() : loader.load(Optional.of(configFile(configuration)));
  }

  /** The shipped configuration, except that composes in local folders are allowed, as this test's are. */
  private Path shippedWithLocalComposes() throws Exception {
    String shipped = Files.readString(configFile("deploy/config.toml"));
    assertThat(shipped).contains("allow_local_paths = false");
    return Files.writeString(directory.resolve("shipped-local.toml"), shipped.replace("allow_local_paths = false", "allow_local_paths = true"));
  }

  private static Path configFile(String inCheckout) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(inCheckout))) {
        return dir.resolve(inCheckout);
      }
    }
    throw new AssertionError("no " + inCheckout + " above " + Path.of("").toAbsolutePath());
  }

  private Path composeWith(String realImagesJson) throws Exception {
    Path composeDir = directory.resolve("compose-" + realImagesJson.hashCode());
    Files.createDirectories(composeDir.resolve("metadata"));
    Files.write(composeDir.resolve("metadata/images.json"), RealFiles.bytes(realImagesJson));
    return composeDir;
  }

  private static String plan(Path composeDir, Path config) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = ImageReleaseCli.run(
        new String[] {"plan", "--compose", composeDir.toString(), "--config", config.toString()}, new PrintWriter(out), new PrintWriter(err));
    assertThat(exit).as("plan: %s", err).isZero();
    return out.toString();
  }
}
