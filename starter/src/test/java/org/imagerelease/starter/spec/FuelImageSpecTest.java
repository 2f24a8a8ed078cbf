package org.imagerelease.starter.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.imagerelease.activities.compose.ComposeImages;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.starter.ImageReleaseCli;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuel's image build spec, in the shape of fuel-agent's own test data ({@code IMAGE_DATA_SAMPLE}
 * of test_nailgun_build_image.py: "/boot" ext2 and "/" ext4, both gzip, by URI), with images a
 * build wrote to {@code output}, made here by code.
 */
class FuelImageSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private Path output;

  @BeforeEach
  void buildOutput() throws Exception {
    output = Files.createDirectories(directory.resolve("targetimages"));
    gzip(output.resolve("img-boot.img.gz"), "a /boot file system");
    gzip(output.resolve("img.img.gz"), "a root file system");
  }

  @Test
  void theSpecsImagesReadAsACompose() throws Exception {
    FuelImageSpec spec = FuelImageSpec.read(write(spec("gzip", "ext4")));

    ComposeImages images = spec.images();

    assertThat(spec.composeId()).matches("Fuel-trusty-\\d{8}\\.\\d+");
    assertThat(images.images()).extracting(ImageArtifact::path).containsExactlyInAnyOrder("img-boot.img.gz", "img.img.gz");
    ImageArtifact root = images.images().stream().filter(i -> i.path().equals("img.img.gz")).findFirst().orElseThrow();
    assertThat(root.variant()).isEqualTo("Fuel");
    assertThat(root.subvariant()).isEqualTo("Fuel_root");
    assertThat(root.type()).isEqualTo("ext4");
    assertThat(root.format()).isEqualTo("ext4.gz");
    assertThat(root.arch()).isEqualTo("x86_64");
    assertThat(root.size()).isEqualTo(Files.size(output.resolve("img.img.gz")));
    assertThat(root.sha256()).isEqualTo(sha256(output.resolve("img.img.gz")));
  }

  @Test
  void theWrittenMetadataMakesOutputAComposeAWorkerReads() throws Exception {
    FuelImageSpec spec = FuelImageSpec.read(write(spec("gzip", "ext4")));

    spec.writeMetadata();
    ComposeImages read = ComposeReader.withDefaults(ComposeSources.anywhere()).readAt(output.toString());

    assertThat(read.compose().id()).isEqualTo(spec.composeId());
    assertThat(read.images()).containsExactlyInAnyOrderElementsOf(spec.images().images());
  }

  @Test
  void planShowsTheSpecsImagesForATargetSelectingVariantFuel() throws Exception {
    Path config = Files.writeString(directory.resolve("config.toml"), "[consumer_config.mirror.selection]\nvariants = [\"Fuel\"]\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit = ImageReleaseCli.run(
        new String[] {"plan", "--spec", write(spec("gzip", "ext4")).toString(), "--config", config.toString()}, new PrintWriter(out), new PrintWriter(err));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 releases planned").contains("img.img.gz").contains("img-boot.img.gz").contains("no rule covers it: a person's approval");
  }

  @Test
  void anUnknownContainerOrFormatIsRefusedNamingTheMountPoint() throws Exception {
    assertThatThrownBy(() -> FuelImageSpec.read(write(spec("bzip2", "ext4"))))
        .hasMessageContaining("image_data[\"/\"].container is 'bzip2'; fuel-agent supports gzip, raw");
    assertThatThrownBy(() -> FuelImageSpec.read(write(spec("gzip", "btrfs"))))
        .hasMessageContaining("image_data[\"/\"].format is 'btrfs'; fuel-agent builds ext2, ext3, ext4, xfs, iso9660");
  }

  @Test
  void anImageMissingFromOutputIsRefused() throws Exception {
    Files.delete(output.resolve("img-boot.img.gz"));

    assertThatThrownBy(() -> FuelImageSpec.read(write(spec("gzip", "ext4"))))
        .hasMessageContaining("image_data[\"/boot\"]: the image img-boot.img.gz is not in output " + output);
  }

  @Test
  void startWithBothComposeAndSpecIsAUsageError() throws Exception {
    StringWriter err = new StringWriter();

    int exit = ImageReleaseCli.run(
        new String[] {"start", "--compose", output.toString(), "--spec", write(spec("gzip", "ext4")).toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("give either --compose URL|DIR or --spec FILE");
  }

  private ObjectNode spec(String rootContainer, String rootFormat) {
    ObjectNode spec = JSON.createObjectNode();
    ObjectNode imageData = spec.putObject("image_data");
    imageData.putObject("/boot").put("container", "gzip").put("uri", "http://10.20.0.2:8080/path/to/img-boot.img.gz").put("format", "ext2");
    imageData.putObject("/").put("container", rootContainer).put("uri", "http://10.20.0.2:8080/path/to/img.img.gz").put("format", rootFormat);
    spec.put("output", output.toString());
    spec.put("codename", "trusty");
    spec.putArray("repos");
    spec.putArray("packages").add("ubuntu-minimal");
    return spec;
  }

  private Path write(ObjectNode spec) throws Exception {
    return Files.writeString(directory.resolve("spec-" + System.nanoTime() + ".json"), JSON.writeValueAsString(spec));
  }

  private static void gzip(Path file, String content) throws Exception {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.repeat(1000).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

}
