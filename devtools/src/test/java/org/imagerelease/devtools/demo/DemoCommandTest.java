package org.imagerelease.devtools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.imagerelease.devtools.DevtoolsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code image-release demo}, run in process as a user runs it, checked against the files it leaves. */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workDirectory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** An image of the compose as its images.json lists it. */
  private record ComposeImage(String path, long size, String sha256) {
    String fileName() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  @Test
  void releasesTheEc2ImageAsAPublicAmiInBothRegionsThroughTheLocalAwsEndpoint() throws Exception {
    int exit = demo("--target", "aws", "--json", "--keep", workDirectory.toString());

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("stage").asText()).isEqualTo("RELEASED");
    assertThat(report.at("/status/images")).singleElement().satisfies(image -> {
      assertThat(image.get("target").asText()).isEqualTo("aws");
      assertThat(image.at("/tests/image_release.aws.smoke_test").asText()).as("the smoke test's result").isEqualTo("PASSED");
    });
    List<JsonNode> resources = new ArrayList<>();
    report.at("/aws/resources").forEach(resources::add);
    assertThat(resources).filteredOn(r -> r.get("kind").asText().equals("image"))
        .extracting(r -> r.get("region").asText() + " " + r.get("state").asText())
        .containsExactlyInAnyOrder("us-east-1 available, public", "eu-west-1 available, public");
    assertThat(resources).filteredOn(r -> r.get("kind").asText().equals("parameter"))
        .extracting(r -> r.get("region").asText())
        .containsExactlyInAnyOrder("us-east-1", "eu-west-1");
    assertThat(resources).filteredOn(r -> r.get("kind").asText().equals("instance"))
        .allSatisfy(r -> assertThat(r.get("state").asText()).as("the smoke test instance").isIn("shutting-down", "terminated"));
    assertThat(report.get("publishedFiles")).as("no mirror in this demo").isEmpty();
  }

  @Test
  void failingTestsLeaveNothingInAws() throws Exception {
    int exit = demo("--target", "aws", "--fail-tests", "--json");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("stage").asText()).isEqualTo("COMPENSATED");
    List<String> left = new ArrayList<>();
    report.at("/aws/resources").forEach(r -> {
      if (!(r.get("kind").asText().equals("instance") && r.get("state").asText().equals("terminated"))) {
        left.add(r.toString());
      }
    });
    assertThat(left).as("snapshots, AMIs, parameters and live instances left in AWS").isEmpty();
  }

  @Test
  void releasesTheAzureVhdAsAGalleryVersionReplicatedAfterTheGateAndPromotedLeavingNoBlob() throws Exception {
    int exit = demo("--target", "azure", "--json");

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    System.out.println(getClass().getSimpleName() + " released to Azure through " + report.at("/azure/blobStorage").asText());
    assertThat(report.get("stage").asText()).isEqualTo("RELEASED");
    assertThat(report.at("/status/images")).singleElement().satisfies(image -> {
      assertThat(image.get("target").asText()).isEqualTo("azure");
      assertThat(image.get("imageName").asText()).endsWith(".vhdfixed.xz");
      assertThat(image.get("locations")).extracting(l -> l.get("location").asText() + " " + l.get("state").asText())
          .containsExactly("eastus PUBLISHED", "westeurope PUBLISHED");
    });
    assertThat(report.get("tests")).singleElement().satisfies(test -> assertThat(test.get("checks").toString()).contains("read back from page blob"));
    List<JsonNode> versions = new ArrayList<>();
    report.at("/azure/resources").forEach(r -> {
      if (r.get("kind").asText().equals("image_version")) {
        versions.add(r);
      }
    });
    assertThat(versions).singleElement().satisfies(version ->
        assertThat(version.get("detail").asText()).isEqualTo("excludeFromLatest=false; eastus Completed; westeurope Completed"));
    assertThat(report.at("/azure/blobs")).as("the upload blob, once the version held the image").isEmpty();
  }

  @Test
  void releasesTheGeneratedComposeToBothMirrorRoots() throws Exception {
    int exit = demo("--target", "mirror", "--json", "--keep", workDirectory.toString());

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    assertThat(out.toString()).contains("\"stage\": \"RELEASED\"");
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("stage").asText()).isEqualTo("RELEASED");
    assertThat(report.at("/status/stage").asText()).isEqualTo("RELEASED");
    assertThat(report.get("gateOutcome").asText()).isEqualTo("PASSED");

    JsonNode imagesJson = JSON.readTree(workDirectory.resolve("compose/metadata/images.json").toFile());
    String composeId = imagesJson.at("/payload/compose/id").asText();
    assertThat(report.get("composeId").asText()).isEqualTo(composeId);
    List<ComposeImage> cloudImages = cloudImagesOf(imagesJson);
    assertThat(cloudImages).hasSize(3);

    List<Path> roots = mirrorRootsOf(report);
    assertThat(roots).extracting(root -> root.getFileName().toString()).containsExactly("mirror-primary", "mirror-replica");
    List<String> expectedPublished = new ArrayList<>();
    List<String> expectedChecksums = new ArrayList<>();
    for (Path root : roots) {
      for (ComposeImage image : cloudImages) {
        Path published = root.resolve(composeId).resolve(image.path());
        assertThat(published).isRegularFile().hasSize(image.size());
        assertThat(sha256Of(published)).as("SHA-256 of %s", published).isEqualTo(image.sha256());
        expectedPublished.add(published.toString());
      }
      Path checksum = root.resolve(composeId).resolve("Cloud/x86_64/images/CHECKSUM");
      assertThat(Files.readAllLines(checksum)).containsExactlyElementsOf(checksumLines(cloudImages));
      expectedChecksums.add(checksum.toString());
      assertThat(filesIn(root.resolve(".staging"))).as("staging area of %s", root).allMatch(DemoCommandTest::isRootLock);
    }
    assertThat(texts(report.get("publishedFiles"))).containsExactlyInAnyOrderElementsOf(expectedPublished);
    assertThat(texts(report.get("checksumFiles"))).containsExactlyInAnyOrderElementsOf(expectedChecksums);
    assertThat(report.get("stagedFiles")).isEmpty();
    assertThat(report.get("tests")).hasSize(3).allSatisfy(test -> assertThat(test.get("outcome").asText()).isEqualTo("PASSED"));
    assertThat(report.has("broker") || report.has("topicPrefix") || report.has("busEvents")).as("bus fields without --amqp").isFalse();
  }

  @Test
  void withFailingTestsTheGateClosesAndEverythingIsWithdrawn() throws Exception {
    int exit = demo("--json", "--fail-tests", "--keep", workDirectory.toString());

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    JsonNode report = JSON.readTree(out.toString());
    assertThat(report.get("stage").asText()).isEqualTo("COMPENSATED");
    assertThat(report.get("gateOutcome").asText()).isEqualTo("FAILED");
    assertThat(report.get("publishedFiles")).isEmpty();
    assertThat(report.get("checksumFiles")).isEmpty();
    assertThat(report.get("stagedFiles")).isEmpty();
    for (Path root : mirrorRootsOf(report)) {
      assertThat(filesIn(root)).as("files under %s", root).allMatch(DemoCommandTest::isRootLock);
    }
    assertThat(report.at("/status/images")).allSatisfy(image ->
        assertThat(image.get("locations")).allSatisfy(location ->
            assertThat(location.get("state").asText()).isIn("WITHDRAWN", "PLANNED")));
    assertThat(report.at("/azure/resources")).extracting(r -> r.get("kind").asText()).as("only the gallery made before the release")
        .containsExactly("gallery");
    assertThat(report.at("/azure/blobs")).as("upload blobs").isEmpty();
  }

  @Test
  void tellsWhatHappenedAndWhatToTryNext() {
    int exit = demo("--keep", workDirectory.toString());

    assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
    assertThat(out.toString())
        .contains("Demo release of Fedora-42-", ": RELEASED in ")
        .contains("gate:  PASSED (all required tests passed)")
        .contains(workDirectory.resolve("mirror-replica").toString())
        .contains("CHECKSUM files:")
        .contains("published (gallery version, replicated per region):")
        .containsPattern("image_version +Fedora/images/Fedora-Cloud-42-x64/versions/42\\.\\d{8}\\.0 +eastus +Succeeded\n"
            + " +excludeFromLatest=false; eastus Completed; westeurope Completed\n")
        .contains("left behind: nothing; the upload blob was deleted once the version held the image")
        .contains("image-release dev");
  }

  @Test
  void refusesToMixItsFilesIntoADirectoryThatHoldsOthers() throws IOException {
    Files.writeString(workDirectory.resolve("notes.txt"), "mine");

    int exit = demo("--keep", workDirectory.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("is not empty");
    assertThat(filesIn(workDirectory)).containsOnly(workDirectory.resolve("notes.txt"));
  }

  private int demo(String... options) {
    String[] args = Stream.concat(Stream.of("demo"), Stream.of(options)).toArray(String[]::new);
    return DevtoolsCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static List<ComposeImage> cloudImagesOf(JsonNode imagesJson) {
    List<ComposeImage> images = new ArrayList<>();
    imagesJson.at("/payload/images/Cloud").forEach(arch -> arch.forEach(image ->
        images.add(new ComposeImage(image.get("path").asText(), image.get("size").asLong(), image.at("/checksums/sha256").asText()))));
    return images;
  }

  /** Fedora's CHECKSUM layout, sorted by file name. */
  private static List<String> checksumLines(List<ComposeImage> images) {
    List<String> lines = new ArrayList<>();
    images.stream()
        .sorted((a, b) -> a.fileName().compareTo(b.fileName()))
        .forEach(image -> {
          lines.add("# " + image.fileName() + ": " + image.size() + " bytes");
          lines.add("SHA256 (" + image.fileName() + ") = " + image.sha256());
        });
    return lines;
  }

  private static List<Path> mirrorRootsOf(JsonNode report) {
    return texts(report.get("mirrorRoots").findValues("directory")).stream().map(Path::of).toList();
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> texts = new ArrayList<>();
    nodes.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  /** The mirror root's lock file, which stays. */
  private static boolean isRootLock(Path file) {
    return file.endsWith(".staging/.lock");
  }

  private static List<Path> filesIn(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private static String sha256Of(Path file) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
