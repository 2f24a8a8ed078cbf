package org.imagerelease.activities.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Generates an {@code images.json} shaped like a Fedora 41 compose (productmd 1.2): Cloud images
 * (AmazonEC2 raw.xz, Azure vhdfixed.xz, GCE tar.gz, Generic qcow2) for x86_64 and aarch64,
 * Container tarballs and a Server DVD. Tests change single fields of it to break it.
 */
final class SampleComposeJson {
  static final String COMPOSE_ID = "Fedora-41-20241027.0";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> ARCHES = List.of("aarch64", "x86_64");

  private final ObjectNode root = MAPPER.createObjectNode();

  private SampleComposeJson() {}

  /** The whole sample compose, version 1.2. */
  static SampleComposeJson fedora41() {
    var sample = new SampleComposeJson();
    ObjectNode header = sample.root.putObject("header");
    header.put("type", "productmd.images");
    header.put("version", "1.2");
    ObjectNode payload = sample.root.putObject("payload");
    ObjectNode compose = payload.putObject("compose");
    compose.put("date", "20241027");
    compose.put("id", COMPOSE_ID);
    compose.put("respin", 0);
    compose.put("type", "production");
    ObjectNode images = payload.putObject("images");
    ObjectNode cloud = images.putObject("Cloud");
    for (String arch : ARCHES) {
      ArrayNode list = cloud.putArray(arch);
      list.add(
          image(
              arch,
              "Cloud_Base",
              "raw-xz",
              "raw.xz",
              "Cloud/" + arch + "/images/Fedora-Cloud-Base-AmazonEC2-41-1.4." + arch + ".raw.xz"));
      list.add(
          image(
              arch,
              "Cloud_Base",
              "vhd-compressed",
              "vhdfixed.xz",
              "Cloud/" + arch + "/images/Fedora-Cloud-Base-Azure-41-1.4." + arch + ".vhdfixed.xz"));
      list.add(
          image(
              arch,
              "Cloud_Base",
              "tar-gz",
              "tar.gz",
              "Cloud/" + arch + "/images/Fedora-Cloud-Base-GCE-41-1.4." + arch + ".tar.gz"));
      list.add(
          image(
              arch,
              "Cloud_Base",
              "qcow2",
              "qcow2",
              "Cloud/" + arch + "/images/Fedora-Cloud-Base-Generic-41-1.4." + arch + ".qcow2"));
    }
    ObjectNode container = images.putObject("Container");
    for (String arch : ARCHES) {
      container
          .putArray(arch)
          .add(
              image(
                  arch,
                  "Container_Base",
                  "docker",
                  "tar.xz",
                  "Container/"
                      + arch
                      + "/images/Fedora-Container-Base-Generic-41-1.4."
                      + arch
                      + ".oci.tar.xz"));
    }
    images
        .putObject("Server")
        .putArray("x86_64")
        .add(
            image(
                "x86_64",
                "Server",
                "dvd",
                "iso",
                "Server/x86_64/iso/Fedora-Server-dvd-x86_64-41-1.4.iso"));
    return sample;
  }

  /** An image entry as productmd writes it for a Kiwi-built image. */
  static ObjectNode image(String arch, String subvariant, String type, String format, String path) {
    ObjectNode image = MAPPER.createObjectNode();
    image.put("arch", arch);
    image.put("bootable", false);
    image.putObject("checksums").put("sha256", sha256Of(path));
    image.put("disc_count", 1);
    image.put("disc_number", 1);
    image.put("format", format);
    image.putNull("implant_md5");
    image.put("mtime", 1730015544);
    image.put("path", path);
    image.put("size", 394218420L + path.length());
    image.put("subvariant", subvariant);
    image.put("type", type);
    image.putNull("volume_id");
    return image;
  }

  /** A distinct, valid-looking checksum per path. */
  static String sha256Of(String text) {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Turns the document into productmd 1.1: that version may lack {@code subvariant}. */
  SampleComposeJson asVersion11WithoutSubvariants() {
    header().put("version", "1.1");
    for (JsonNode arches : variants()) {
      for (JsonNode list : arches) {
        for (JsonNode image : list) {
          ((ObjectNode) image).remove("subvariant");
        }
      }
    }
    return this;
  }

  ObjectNode root() {
    return root;
  }

  ObjectNode header() {
    return (ObjectNode) root.get("header");
  }

  ObjectNode compose() {
    return (ObjectNode) root.get("payload").get("compose");
  }

  ObjectNode variants() {
    return (ObjectNode) root.get("payload").get("images");
  }

  ArrayNode images(String variant, String arch) {
    return (ArrayNode) variants().get(variant).get(arch);
  }

  /** The first x86_64 Cloud image: the AmazonEC2 raw.xz. */
  ObjectNode ec2X86() {
    return (ObjectNode) images("Cloud", "x86_64").get(0);
  }

  byte[] bytes() {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
