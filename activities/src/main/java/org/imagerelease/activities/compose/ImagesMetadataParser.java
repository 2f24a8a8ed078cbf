package org.imagerelease.activities.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * Reads productmd {@code images.json} (header {@code productmd.images}, versions 1.0 to 1.2) and
 * refuses anything a release could trip over later: missing or wrongly typed fields, bad checksums,
 * sizes out of bounds, paths that leave the compose and duplicate images. Every refusal is a {@link
 * ReleaseException} of type {@link ReleaseFailureTypes#INVALID_COMPOSE_METADATA} whose message
 * names the field and the image.
 *
 * <p>Where productmd's own reader ({@code productmd/images.py}) has a rule, it is followed:
 *
 * <ul>
 *   <li>{@code header.type} is checked from version 1.1 on; 1.0 files have none.
 *   <li>{@code subvariant} is required from version 1.1 on (it may be empty, as Fedora 23's Server
 *       images have it); a 1.0 image without one has the empty subvariant.
 *   <li>An image without {@code format} is an {@code iso}.
 *   <li>Source images ({@code arch} {@code src} or {@code nosrc}) are listed under each binary arch
 *       from version 1.2 on (productmd's "move src images under binary arches"), under their own
 *       arch key before. Either way they are one image per path, kept apart in {@link
 *       ComposeImages#sourceImages()}: a release never ships sources.
 * </ul>
 *
 * <p>The document is walked as a JSON tree rather than bound to classes, because binding would
 * quietly coerce {@code "12"} into a number or {@code 12} into a path; a compose whose metadata is
 * not what productmd writes is better stopped than guessed at.
 */
public final class ImagesMetadataParser {
  /** The largest image accepted by default: more than any cloud image, less than a full disk. */
  public static final long DEFAULT_MAX_IMAGE_SIZE = 64L << 30;

  private static final String HEADER_TYPE = "productmd.images";
  private static final List<String> SUPPORTED_VERSIONS = List.of("1.0", "1.1", "1.2");
  /** The versions before productmd added {@code header.type} and {@code subvariant}. */
  private static final String VERSION_WITHOUT_TYPE = "1.0";
  private static final List<String> SOURCE_ARCHES = List.of("src", "nosrc");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  private final JsonMapper mapper =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private final long maxImageSize;

  public ImagesMetadataParser() {
    this(DEFAULT_MAX_IMAGE_SIZE);
  }

  /**
   * @param maxImageSize the largest {@code size} an image may declare, in bytes
   */
  public ImagesMetadataParser(long maxImageSize) {
    if (maxImageSize <= 0) {
      throw new IllegalArgumentException("maxImageSize must be positive, was " + maxImageSize);
    }
    this.maxImageSize = maxImageSize;
  }

  /**
   * Parses and validates one {@code images.json}.
   *
   * @param json the file's bytes
   * @param source where it was read from, for messages
   */
  public ComposeImages parse(byte[] json, String source) {
    return new Document(source).read(json);
  }

  /** One parse: knows where the document came from, so every message can say so. */
  private final class Document {
    private final String source;
    private final Map<String, String> imageByPath = new HashMap<>();
    private final Map<ImageIdentity, String> imageByIdentity = new HashMap<>();
    private final Map<String, ImageArtifact> sourceByPath = new LinkedHashMap<>();

    Document(String source) {
      this.source = source;
    }

    ComposeImages read(byte[] json) {
      JsonNode root = readTree(json);
      requireObject(root, "the document", "");
      JsonNode header = requireObject(root.get("header"), "field 'header'", "");
      String version = requireText(header, "version", "header");
      if (!SUPPORTED_VERSIONS.contains(version)) {
        throw invalid(
            "header: field 'version' is '"
                + version
                + "', supported versions are "
                + String.join(", ", SUPPORTED_VERSIONS));
      }
      boolean versionWithoutType = version.equals(VERSION_WITHOUT_TYPE);
      if (!versionWithoutType || header.has("type")) {
        String headerType = requireText(header, "type", "header");
        if (!headerType.equals(HEADER_TYPE)) {
          throw invalid(
              "header: field 'type' is '" + headerType + "', expected '" + HEADER_TYPE + "'");
        }
      }
      boolean subvariantRequired = !versionWithoutType;

      JsonNode payload = requireObject(root.get("payload"), "field 'payload'", "");
      ComposeInfo compose = readCompose(payload);
      JsonNode variants = requireObject(payload.get("images"), "field 'payload.images'", "");
      List<ImageArtifact> images = new ArrayList<>();
      for (Map.Entry<String, JsonNode> variant : variants.properties()) {
        String variantName = variant.getKey();
        if (variantName.isBlank()) {
          throw invalid("payload.images: a variant key is empty");
        }
        SafeNames.VARIANT
            .whyUnsafe(variantName)
            .ifPresent(problem -> {
              throw invalid("payload.images: the variant key " + quoted(variantName) + " " + problem);
            });
        JsonNode arches =
            requireObject(variant.getValue(), "variant '" + variantName + "'", "payload.images");
        for (Map.Entry<String, JsonNode> arch : arches.properties()) {
          String archKey = arch.getKey();
          if (archKey.isBlank()) {
            throw invalid("payload.images." + variantName + ": an arch key is empty");
          }
          SafeNames.ARCH
              .whyUnsafe(archKey)
              .ifPresent(problem -> {
                throw invalid("payload.images." + variantName + ": the arch key " + quoted(archKey) + " " + problem);
              });
          JsonNode entries = arch.getValue();
          if (entries == null || !entries.isArray()) {
            throw invalid(
                "payload.images."
                    + variantName
                    + "."
                    + archKey
                    + " must be a list of images, was "
                    + describe(entries));
          }
          for (int i = 0; i < entries.size(); i++) {
            readImage(entries.get(i), variantName, archKey, i + 1, subvariantRequired).ifPresent(images::add);
          }
        }
      }
      return new ComposeImages(compose, images, List.copyOf(sourceByPath.values()));
    }

    private JsonNode readTree(byte[] json) {
      try {
        return mapper.readTree(json);
      } catch (JsonProcessingException e) {
        var at = e.getLocation();
        String where =
            at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        throw invalid("not valid JSON" + where + ": " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw invalid("not readable as JSON: " + e.getMessage(), e);
      }
    }

    private ComposeInfo readCompose(JsonNode payload) {
      String where = "payload.compose";
      JsonNode compose = requireObject(payload.get("compose"), "field '" + where + "'", "");
      String id = requireSafe(compose, "id", SafeNames.COMPOSE_ID, where);
      String date = requireText(compose, "date", where);
      if (!date.matches("\\d{8}")) {
        throw invalid(where + ": field 'date' must be YYYYMMDD, was " + quoted(date));
      }
      String type = requireSafe(compose, "type", SafeNames.IMAGE_TYPE, where);
      long respin = requireWholeNumber(compose, "respin", where);
      if (respin < 0 || respin > Integer.MAX_VALUE) {
        throw invalid(
            where + ": field 'respin' must be a small non-negative number, was " + respin);
      }
      return new ComposeInfo(id, date, type, (int) respin);
    }

    /** The image, or empty for a source image (kept apart) or another listing of one. */
    private Optional<ImageArtifact> readImage(
        JsonNode entry, String variant, String archKey, int number, boolean subvariantRequired) {
      String numbered = "image #" + number + " of variant " + variant + ", arch " + archKey;
      requireObject(entry, numbered, "");
      String path = requireText(entry, "path", numbered);
      String where = "image " + quoted(path) + " (variant " + variant + ", arch " + archKey + ")";
      ComposePath.whyUnsafe(path)
          .ifPresent(
              problem -> {
                throw invalid(whereField(where, "path") + problem);
              });
      String type = requireSafe(entry, "type", SafeNames.IMAGE_TYPE, where);
      String format = entry.has("format") ? requireSafe(entry, "format", SafeNames.FORMAT, where) : "iso";
      String arch = requireSafe(entry, "arch", SafeNames.ARCH, where);
      boolean source = SOURCE_ARCHES.contains(arch);
      if (!arch.equals(archKey) && !source) {
        throw invalid(
            where
                + ": field 'arch' is "
                + quoted(arch)
                + " but the image is listed under arch "
                + quoted(archKey));
      }
      long size = requireWholeNumber(entry, "size", where);
      if (size < 0) {
        throw invalid(where + ": field 'size' must not be negative, was " + size);
      }
      if (size == 0) {
        // An empty file is never an image, and the release would refuse the first byte of any
        // other file as more than declared.
        throw invalid(where + ": field 'size' is 0; an image has at least one byte");
      }
      if (size > maxImageSize) {
        throw invalid(
            where
                + ": field 'size' is "
                + size
                + " bytes, more than the bound of "
                + maxImageSize
                + " bytes");
      }
      JsonNode checksums = requireObject(entry.get("checksums"), "field 'checksums'", where);
      String sha256 = requireText(checksums, "sha256", "checksums.sha256", where);
      if (!SHA256.matcher(sha256).matches()) {
        throw invalid(
            where + ": field 'checksums.sha256' must be 64 hex characters, was " + quoted(sha256));
      }
      if (subvariantRequired && !entry.has("subvariant")) {
        throw invalid(
            whereField(where, "subvariant")
                + "is missing (productmd requires it from metadata version 1.1 on)");
      }
      String subvariant = entry.has("subvariant") ? requireString(entry, "subvariant", where) : "";
      requireSafe(subvariant, "subvariant", SafeNames.SUBVARIANT, where);
      long discNumber =
          entry.has("disc_number") ? requireWholeNumber(entry, "disc_number", where) : 1;
      boolean unified = entry.has("unified") && requireBoolean(entry, "unified", where);
      List<String> additionalVariants = optionalTextList(entry, "additional_variants", where);
      ImageArtifact image =
          new ImageArtifact(
              variant, arch, subvariant, type, format, path, size, sha256.toLowerCase(Locale.ROOT));
      if (source) {
        return keepSource(image, where);
      }

      String earlier = imageByPath.putIfAbsent(path, where);
      if (earlier != null) {
        throw invalid(where + ": field 'path' is listed twice, also by " + earlier);
      }
      var identity =
          new ImageIdentity(
              subvariant, type, format, arch, discNumber, unified, additionalVariants);
      earlier = imageByIdentity.putIfAbsent(identity, where);
      if (earlier != null) {
        throw invalid(
            where
                + ": same subvariant, type, format, arch and disc_number as "
                + earlier
                + " ("
                + identity.describe()
                + ")");
      }
      return Optional.of(image);
    }

    /** One source image per path: the same file listed under another arch is the same image. */
    private Optional<ImageArtifact> keepSource(ImageArtifact image, String where) {
      ImageArtifact earlier = sourceByPath.putIfAbsent(image.path(), image);
      if (earlier != null && (earlier.size() != image.size() || !earlier.sha256().equals(image.sha256()))) {
        throw invalid(
            where
                + ": source image listed again with another size or checksum than under variant "
                + earlier.variant());
      }
      return Optional.empty();
    }

    private JsonNode requireObject(JsonNode node, String what, String parent) {
      if (node == null || node.isMissingNode()) {
        throw invalid(prefixed(parent, what + " is missing"));
      }
      if (!node.isObject()) {
        throw invalid(prefixed(parent, what + " must be a JSON object, was " + describe(node)));
      }
      return node;
    }

    private String requireText(JsonNode object, String field, String where) {
      return requireText(object, field, field, where);
    }

    /** A non-blank string; {@code shownAs} is the field's name in messages, e.g. a dotted path. */
    private String requireText(JsonNode object, String field, String shownAs, String where) {
      String value = requireString(object, field, shownAs, where);
      if (value.isBlank()) {
        throw invalid(whereField(where, shownAs) + "must not be empty");
      }
      return value;
    }

    /** A non-blank string that {@code rule} allows. */
    private String requireSafe(JsonNode object, String field, SafeNames rule, String where) {
      return requireSafe(requireText(object, field, where), field, rule, where);
    }

    private String requireSafe(String value, String field, SafeNames rule, String where) {
      rule.whyUnsafe(value)
          .ifPresent(problem -> {
            throw invalid(whereField(where, field) + problem + " (was " + quoted(value) + ")");
          });
      return value;
    }

    private String requireString(JsonNode object, String field, String where) {
      return requireString(object, field, field, where);
    }

    private String requireString(JsonNode object, String field, String shownAs, String where) {
      JsonNode node = object.get(field);
      if (node == null || node.isNull()) {
        throw invalid(whereField(where, shownAs) + "is missing");
      }
      if (!node.isTextual()) {
        throw invalid(whereField(where, shownAs) + "must be a string, was " + describe(node));
      }
      return node.textValue();
    }

    private long requireWholeNumber(JsonNode object, String field, String where) {
      JsonNode node = object.get(field);
      if (node == null || node.isNull()) {
        throw invalid(whereField(where, field) + "is missing");
      }
      if (!node.isIntegralNumber()) {
        throw invalid(whereField(where, field) + "must be a whole number, was " + describe(node));
      }
      if (!node.canConvertToLong()) {
        throw invalid(whereField(where, field) + "is out of range: " + node.asText());
      }
      return node.longValue();
    }

    private boolean requireBoolean(JsonNode object, String field, String where) {
      JsonNode node = object.get(field);
      if (!node.isBoolean()) {
        throw invalid(whereField(where, field) + "must be true or false, was " + describe(node));
      }
      return node.booleanValue();
    }

    private List<String> optionalTextList(JsonNode object, String field, String where) {
      JsonNode node = object.get(field);
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw invalid(
            whereField(where, field) + "must be a list of strings, was " + describe(node));
      }
      List<String> values = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          throw invalid(
              whereField(where, field) + "must be a list of strings, has " + describe(item));
        }
        values.add(item.textValue());
      }
      return List.copyOf(values);
    }

    private ReleaseException invalid(String problem) {
      return invalid(problem, null);
    }

    private ReleaseException invalid(String problem, Throwable cause) {
      return new ReleaseException(
          ReleaseFailureTypes.INVALID_COMPOSE_METADATA,
          "Invalid compose metadata " + source + ": " + problem,
          cause);
    }
  }

  /** What makes two entries "the same image" in productmd's eyes. */
  private record ImageIdentity(
      String subvariant,
      String type,
      String format,
      String arch,
      long discNumber,
      boolean unified,
      List<String> additionalVariants) {
    String describe() {
      return "subvariant "
          + quoted(subvariant)
          + ", type "
          + quoted(type)
          + ", format "
          + quoted(format)
          + ", arch "
          + quoted(arch)
          + ", disc_number "
          + discNumber;
    }
  }

  private static String whereField(String where, String field) {
    return where + ": field '" + field + "' ";
  }

  private static String prefixed(String parent, String problem) {
    return parent.isEmpty() ? problem : parent + ": " + problem;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    String kind = node.getNodeType().name().toLowerCase(Locale.ROOT);
    if (node.isContainerNode()) {
      return "a JSON " + kind;
    }
    return "a JSON " + kind + " (" + node + ")";
  }

  /** Quotes a value from the metadata for a message, escaped as {@link SafeNames#escaped} does. */
  static String quoted(String value) {
    return SafeNames.quoted(value);
  }
}
