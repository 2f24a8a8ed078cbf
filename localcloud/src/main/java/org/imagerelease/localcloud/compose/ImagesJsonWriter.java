package org.imagerelease.localcloud.compose;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * Writes {@code metadata/images.json} as productmd 1.2 does: keys sorted, four-space indent,
 * {@code ": "} between key and value, images of a variant and arch ordered by path.
 */
final class ImagesJsonWriter {
  static final String FORMAT_VERSION = "1.2";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One image with the fields images.json has beyond {@link ImageArtifact}. */
  record Entry(ImageArtifact artifact, long mtime, boolean bootable) {}

  private ImagesJsonWriter() {}

  static void write(Path file, DemoComposeSpec spec, List<Entry> entries) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode header = root.putObject("header");
    header.put("type", "productmd.images");
    header.put("version", FORMAT_VERSION);
    ObjectNode payload = root.putObject("payload");
    ObjectNode compose = payload.putObject("compose");
    compose.put("date", spec.date());
    compose.put("id", spec.composeId());
    compose.put("respin", spec.respin());
    compose.put("type", spec.type());
    ObjectNode images = payload.putObject("images");
    for (String variant : new TreeSet<>(entries.stream().map(e -> e.artifact().variant()).toList())) {
      ObjectNode byArch = images.putObject(variant);
      List<Entry> ofVariant = entries.stream()
          .filter(e -> e.artifact().variant().equals(variant)).toList();
      for (String arch : new TreeSet<>(ofVariant.stream().map(e -> e.artifact().arch()).toList())) {
        ArrayNode list = byArch.putArray(arch);
        ofVariant.stream()
            .filter(e -> e.artifact().arch().equals(arch))
            .sorted(Comparator.comparing(e -> e.artifact().path()))
            .forEach(e -> list.add(imageNode(e)));
      }
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, format(root), StandardCharsets.UTF_8);
  }

  /** Keys in alphabetical order, as Python's {@code json.dump(sort_keys=True)} writes them. */
  private static ObjectNode imageNode(Entry entry) {
    ImageArtifact image = entry.artifact();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("arch", image.arch());
    node.put("bootable", entry.bootable());
    node.putObject("checksums").put("sha256", image.sha256());
    node.put("disc_count", 1);
    node.put("disc_number", 1);
    node.put("format", image.format());
    node.putNull("implant_md5");
    node.put("mtime", entry.mtime());
    node.put("path", image.path());
    node.put("size", image.size());
    node.put("subvariant", image.subvariant());
    node.put("type", image.type());
    node.putNull("volume_id");
    return node;
  }

  /** Text in the layout of Python's {@code json.dump(indent=4, sort_keys=True)}, newline-ended. */
  static String format(JsonNode tree) throws IOException {
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return MAPPER.writer(printer).writeValueAsString(tree) + "\n";
  }
}
