package org.imagerelease.localcloud.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.imagerelease.localcloud.disk.GptReader;
import org.imagerelease.localcloud.disk.GptTable;
import org.imagerelease.localcloud.disk.VhdFooter;
import org.imagerelease.localcloud.xz.XzLayout;
import org.imagerelease.workflows.model.ImageArtifact;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

class DemoComposeGeneratorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String RELEASE = "20261124.n.0";
  @TempDir static Path dir;
  static DemoCompose compose;

  @BeforeAll
  static void generateDefaultCompose() throws IOException {
    compose = new DemoComposeGenerator(DemoComposeSpec.forComposeId("Fedora-42-20261124.n.0"))
        .generate(dir.resolve("compose"));
  }

  @Test
  void listsCloudImagesAndAContainerImageUnderPungiPaths() {
    assertThat(compose.composeId()).isEqualTo("Fedora-42-20261124.n.0");
    assertThat(compose.images()).extracting(ImageArtifact::path).containsExactly(
        "Cloud/x86_64/images/Fedora-Cloud-Base-AmazonEC2-42-" + RELEASE + ".x86_64.raw.xz",
        "Cloud/x86_64/images/Fedora-Cloud-Base-Azure-42-" + RELEASE + ".x86_64.vhdfixed.xz",
        "Cloud/x86_64/images/Fedora-Cloud-Base-GCE-42-" + RELEASE + ".x86_64.tar.gz",
        "Container/x86_64/images/Fedora-Container-Base-Generic-42-" + RELEASE + ".x86_64.oci.tar.xz");
    assertThat(compose.images()).extracting(ImageArtifact::type)
        .containsExactly("raw-xz", "vhd-compressed", "tar-gz", "docker");
    assertThat(compose.composeRef().location()).isEqualTo(compose.location().toString());
  }

  @Test
  void imagesJsonIsProductmdWithTrueSizesAndChecksums() throws Exception {
    JsonNode root = MAPPER.readTree(compose.imagesJson().toFile());

    assertThat(root.at("/header/type").asText()).isEqualTo("productmd.images");
    assertThat(root.at("/header/version").asText()).isEqualTo("1.2");
    assertThat(root.at("/payload/compose/id").asText()).isEqualTo("Fedora-42-20261124.n.0");
    assertThat(root.at("/payload/compose/date").asText()).isEqualTo("20261124");
    assertThat(root.at("/payload/compose/respin").isInt()).isTrue();
    assertThat(root.at("/payload/compose/type").asText()).isEqualTo("nightly");
    List<JsonNode> entries = new ArrayList<>();
    root.at("/payload/images/Cloud/x86_64").forEach(entries::add);
    root.at("/payload/images/Container/x86_64").forEach(entries::add);
    assertThat(entries).hasSize(4);
    for (JsonNode entry : entries) {
      assertThat(fieldNames(entry)).containsExactly("arch", "bootable", "checksums", "disc_count",
          "disc_number", "format", "implant_md5", "mtime", "path", "size", "subvariant", "type",
          "volume_id");
      Path file = compose.location().resolve(entry.get("path").asText());
      assertThat(entry.get("size").asLong()).isEqualTo(Files.size(file));
      assertThat(entry.at("/checksums/sha256").asText()).isEqualTo(sha256(file));
      assertThat(entry.get("bootable").asBoolean()).isFalse();
      assertThat(entry.get("implant_md5").isNull()).isTrue();
      assertThat(entry.get("mtime").asLong())
          .isEqualTo(Files.getLastModifiedTime(file).toInstant().getEpochSecond());
    }
    assertThat(entries.get(0).get("subvariant").asText()).isEqualTo("Cloud_Base");
  }

  @Test
  void rawXzIsMultiBlockAndDecodesToAGptDisk() throws Exception {
    Path rawXz = compose.fileOf(compose.image("raw-xz", "x86_64"));
    DemoDisk disk = compose.disk("x86_64");

    XzLayout layout = XzLayout.read(rawXz);
    assertThat(layout.streams()).hasSize(1);
    assertThat(layout.blockCount()).isEqualTo(16);
    assertThat(layout.largestBlock()).isEqualTo(DemoComposeGenerator.XZ_BLOCK_SIZE);
    Path raw = dir.resolve("decoded.raw");
    try (InputStream in = new XZInputStream(Files.newInputStream(rawXz))) {
      Files.copy(in, raw);
    }
    assertThat(raw).hasSize(disk.virtualSize());
    assertThat(sha256(raw)).isEqualTo(disk.rawSha256());
    GptTable table = GptReader.read(raw);
    assertThat(table.partitions()).hasSize(3);
  }

  @Test
  void vhdFixedXzDecodesToTheDiskFollowedByAValidFixedVhdFooter() throws Exception {
    Path vhdXz = compose.fileOf(compose.image("vhd-compressed", "x86_64"));
    DemoDisk disk = compose.disk("x86_64");

    byte[] vhd;
    try (InputStream in = new XZInputStream(Files.newInputStream(vhdXz))) {
      vhd = in.readAllBytes();
    }
    assertThat(vhd).hasSize((int) disk.virtualSize() + 512);
    assertThat(sha256(vhd)).isEqualTo(disk.vhdSha256());
    ByteBuffer footer = ByteBuffer.wrap(vhd, vhd.length - 512, 512).slice();
    byte[] footerBytes = new byte[512];
    footer.get(0, footerBytes);
    assertThat(new String(footerBytes, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("conectix");
    assertThat(footer.getLong(48)).isEqualTo(disk.virtualSize());
    assertThat(footer.getInt(60)).isEqualTo(2);
    assertThat(footer.getInt(64)).isEqualTo(VhdFooter.checksum(footerBytes));
    assertThat(XzLayout.read(vhdXz).blockCount()).isEqualTo(17);
  }

  @Test
  void gceTarGzHoldsOnlyDiskRaw() throws Exception {
    Path tarGz = compose.fileOf(compose.image("tar-gz", "x86_64"));

    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new GzipCompressorInputStream(Files.newInputStream(tarGz)))) {
      TarArchiveEntry entry = tar.getNextEntry();
      assertThat(entry.getName()).isEqualTo("disk.raw");
      assertThat(entry.getSize()).isEqualTo(compose.disk("x86_64").virtualSize());
      assertThat(sha256(tar)).isEqualTo(compose.disk("x86_64").rawSha256());
      assertThat(tar.getNextEntry()).isNull();
    }
  }

  @Test
  void checksumFileAgreesWithImagesJson() throws IOException {
    ImageArtifact ec2 = compose.image("raw-xz", "x86_64");
    Path checksum = compose.fileOf(ec2).resolveSibling("Fedora-Cloud-42-" + RELEASE + "-x86_64-CHECKSUM");

    assertThat(Files.readString(checksum))
        .contains("# " + ec2.fileName() + ": " + ec2.size() + " bytes\n")
        .contains("SHA256 (" + ec2.fileName() + ") = " + ec2.sha256() + "\n");
  }

  @Test
  void sameSpecGivesSameImagesAndMoreArchesWhenAsked() throws IOException {
    DemoComposeSpec small = DemoComposeSpec.nightly("Rawhide", "20261125", 2)
        .withVirtualSize(16L << 20).withArches(List.of("x86_64", "aarch64")).withContainerImage(false);

    DemoCompose first = new DemoComposeGenerator(small).generate(dir.resolve("a"));
    DemoCompose second = new DemoComposeGenerator(small).generate(dir.resolve("b"));

    assertThat(first.composeId()).isEqualTo("Fedora-Rawhide-20261125.n.2");
    assertThat(first.images()).hasSize(6).extracting(ImageArtifact::arch).contains("aarch64");
    assertThat(first.images()).isEqualTo(second.images());
    assertThat(first.disk("aarch64").rawSha256()).isNotEqualTo(first.disk("x86_64").rawSha256());
  }

  @Test
  void parsesComposeIdsOfEveryComposeType() {
    DemoComposeSpec production = DemoComposeSpec.forComposeId("Fedora-41-20241027.0");
    DemoComposeSpec rawhide = DemoComposeSpec.forComposeId("Fedora-Rawhide-20241027.n.3");

    assertThat(production.type()).isEqualTo("production");
    assertThat(production.imageRelease()).isEqualTo("20241027.0");
    assertThat(rawhide.release()).isEqualTo("Rawhide");
    assertThat(rawhide.respin()).isEqualTo(3);
    assertThat(rawhide.composeId()).isEqualTo("Fedora-Rawhide-20241027.n.3");
    assertThat(rawhide.finishedAt()).isEqualTo(Instant.parse("2024-10-27T06:03:00Z"));
    assertThatThrownBy(() -> DemoComposeSpec.forComposeId("Fedora-41"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsJsonAsProductmdDoes() throws IOException {
    String productmd = """
        {
            "header": {
                "type": "productmd.images",
                "version": "1.2"
            },
            "payload": {
                "images": {
                    "Server": {
                        "x86_64": [
                            {
                                "bootable": true,
                                "checksums": {
                                    "sha256": "e4f9"
                                },
                                "implant_md5": null,
                                "mtime": 1730009876,
                                "path": "Server/x86_64/iso/Fedora-Server-dvd-x86_64-41-1.4.iso"
                            }
                        ]
                    }
                },
                "empty": []
            }
        }
        """;

    assertThat(ImagesJsonWriter.format(MAPPER.readTree(productmd))).isEqualTo(productmd);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String sha256(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    in.transferTo(new OutputStream() {
      @Override
      public void write(int b) {
        digest.update((byte) b);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
      }
    });
    return HexFormat.of().formatHex(digest.digest());
  }
}
