package org.imagerelease.starter.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imagerelease.activities.compose.ComposeImages;
import org.imagerelease.activities.compose.ImagesMetadataParser;

/**
 * An image spec from outside Pungi: the build data of Fuel's image-based provisioning
 * ({@code fuel-agent}'s {@code NailgunBuildImage}): {@code image_data} keyed by mount point, each
 * with {@code uri} (where nodes fetch the image; its file name is the image's name), {@code
 * format} (the file system: ext2, ext3, ext4, xfs or iso9660, as fuel-agent documents it) and
 * {@code container} (raw or gzip, fuel-agent's {@code SUPPORTED_CONTAINERS}); and {@code output},
 * the directory the build wrote the images to. Other keys (codename, repos, packages ...) are the
 * build's and not read, except {@code codename}, which names the release.
 *
 * <p>{@link #metadata()} describes the built images as productmd metadata (version 1.2), so the
 * release reads them as it reads a compose's: variant {@code Fuel}, arch x86_64 (the only one
 * Fuel builds), subvariant {@code Fuel_<mount point>}, type the file system, format the file
 * system with the container's suffix ({@code ext4.gz}), size and SHA-256 of each file as it is in
 * {@code output}. The compose id is {@code Fuel-<codename>-<YYYYMMDD>.<HHMMSS>} of the root image's
 * modification time (UTC), so the same build is the same release and a new build a new one.
 */
public final class FuelImageSpec {
  public static final String VARIANT = "Fuel";
  public static final List<String> FORMATS = List.of("ext2", "ext3", "ext4", "xfs", "iso9660");
  public static final Map<String, String> CONTAINER_SUFFIX = Map.of("raw", "", "gzip", ".gz");

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String source;
  private final Path output;
  private final ObjectNode metadata;

  private FuelImageSpec(String source, Path output, ObjectNode metadata) {
    this.source = source;
    this.output = output;
    this.metadata = metadata;
  }

  /**
   * Reads a spec and the images it names (each read once, for its size and SHA-256).
   *
   * @throws IllegalArgumentException naming the spec, the mount point and the key at fault: an
   *     unknown container or format, a missing key, an image missing from {@code output}
   */
  public static FuelImageSpec read(Path specFile) throws IOException {
    String source = specFile.toString();
    JsonNode spec;
    try {
      spec = JSON.readTree(Files.readString(specFile));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + " is not JSON: " + e.getOriginalMessage(), e);
    }
    if (spec == null || !spec.isObject()) {
      throw new IllegalArgumentException(source + " is not an image spec: a JSON object with image_data and output is expected");
    }
    JsonNode imageData = spec.path("image_data");
    if (!imageData.isObject() || imageData.isEmpty()) {
      throw new IllegalArgumentException(source + ": image_data is required, an object of mount points, e.g. {\"/\": {\"uri\": ..., \"format\": \"ext4\", \"container\": \"gzip\"}}");
    }
    JsonNode outputNode = spec.path("output");
    if (!outputNode.isTextual() || outputNode.asText().isBlank()) {
      throw new IllegalArgumentException(source + ": output is required, the directory the build wrote the images to");
    }
    Path output = Path.of(outputNode.asText()).toAbsolutePath().normalize();
    if (!Files.isDirectory(output)) {
      throw new IllegalArgumentException(source + ": output " + output + " is not a directory");
    }
    String codename = spec.path("codename").isTextual() && !spec.path("codename").asText().isBlank() ? spec.path("codename").asText() : "image";
    if (!codename.matches("[A-Za-z0-9_.]+")) {
      throw new IllegalArgumentException(source + ": codename '" + codename + "' has characters a compose id cannot hold");
    }

    List<ObjectNode> entries = new ArrayList<>();
    FileTime rootTime = null;
    var mounts = imageData.properties().iterator();
    while (mounts.hasNext()) {
      var mount = mounts.next();
      String where = source + ": image_data[\"" + mount.getKey() + "\"]";
      JsonNode image = mount.getValue();
      String uri = text(image, "uri", where);
      String format = text(image, "format", where);
      String container = text(image, "container", where);
      if (!FORMATS.contains(format)) {
        throw new IllegalArgumentException(where + ".format is '" + format + "'; fuel-agent builds " + String.join(", ", FORMATS));
      }
      if (!CONTAINER_SUFFIX.containsKey(container)) {
        throw new IllegalArgumentException(where + ".container is '" + container + "'; fuel-agent supports " + String.join(", ", CONTAINER_SUFFIX.keySet().stream().sorted().toList()));
      }
      String fileName = fileName(uri, where);
      Path file = output.resolve(fileName);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(where + ": the image " + fileName + " is not in output " + output);
      }
      if (mount.getKey().equals("/")) {
        rootTime = Files.getLastModifiedTime(file);
      }
      entries.add(entry(mount.getKey(), fileName, format, format + CONTAINER_SUFFIX.get(container), file));
    }
    if (rootTime == null) {
      throw new IllegalArgumentException(source + ": image_data has no \"/\" image; the root file system names the release");
    }
    String composeId = VARIANT + "-" + codename + "-" + DATE.format(rootTime.toInstant()) + "." + Integer.parseInt(TIME.format(rootTime.toInstant()));
    ObjectNode metadata = JSON.createObjectNode();
    metadata.putObject("header").put("type", "productmd.images").put("version", "1.2");
    ObjectNode payload = metadata.putObject("payload");
    payload.putObject("compose")
        .put("id", composeId)
        .put("date", DATE.format(rootTime.toInstant()))
        .put("type", "production")
        .put("respin", Integer.parseInt(TIME.format(rootTime.toInstant())));
    ArrayNode list = payload.putObject("images").putObject(VARIANT).putArray("x86_64");
    entries.forEach(list::add);
    return new FuelImageSpec(source, output, metadata);
  }

  /** The spec's images as validated productmd metadata. */
  public ComposeImages images() {
    return new ImagesMetadataParser().parse(metadataBytes(), source);
  }

  /** The release's compose id. */
  public String composeId() {
    return metadata.at("/payload/compose/id").asText();
  }

  /** Where the images are: the release reads {@code metadata/images.json} and the images there. */
  public Path output() {
    return output;
  }

  /** Writes {@code <output>/metadata/images.json}, so a worker reads the spec's images as a compose's. */
  public Path writeMetadata() throws IOException {
    Path file = output.resolve("metadata").resolve("images.json");
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling("images.json.partial");
    Files.write(partial, metadataBytes());
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private byte[] metadataBytes() {
    try {
      return JSON.writeValueAsBytes(metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata of " + source + " cannot be written as JSON", e);
    }
  }

  private static ObjectNode entry(String mount, String fileName, String type, String format, Path file) throws IOException {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("arch", "x86_64");
    entry.put("bootable", false);
    entry.putObject("checksums").put("sha256", sha256(file));
    entry.put("disc_count", 1);
    entry.put("disc_number", 1);
    entry.put("format", format);
    entry.putNull("implant_md5");
    entry.put("mtime", Files.getLastModifiedTime(file).toInstant().getEpochSecond());
    entry.put("path", fileName);
    entry.put("size", Files.size(file));
    entry.put("subvariant", "Fuel_" + (mount.equals("/") ? "root" : mount.replaceAll("^/+", "").replaceAll("[^A-Za-z0-9]+", "_")));
    entry.put("type", type);
    entry.putNull("volume_id");
    return entry;
  }

  private static String fileName(String uri, String where) {
    String path;
    try {
      path = URI.create(uri).getPath();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ".uri is not a URI: " + uri);
    }
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    if (name.isBlank() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(where + ".uri names no file: " + uri);
    }
    return name;
  }

  private static String text(JsonNode image, String key, String where) {
    JsonNode value = image.path(key);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + "." + key + " is required, a string");
    }
    return value.asText();
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
