package org.imagerelease.localcloud.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.imagerelease.localcloud.azure.arm.ArmFaults.Regions;

/**
 * What the gallery API refuses before it changes anything: names, required properties, allowed
 * values, and properties fixed once a resource exists. The rules are the specification's
 * (patterns, required members, enums of {@code 2024-03-03}) and the service's documented ones
 * (version names of three int32s, a VHD source with its storage account, target regions that
 * include the version's own); the error codes are Compute's ({@code InvalidParameter} with the
 * property as {@code target}) and ARM's ({@code PropertyChangeNotAllowed}).
 */
final class GalleryRules {
  /** The specification's {@code galleryName} pattern; used for definitions too. */
  private static final Pattern GALLERY_NAME = Pattern.compile("^[^_\\W][\\w-._]{0,79}(?<![-.])$");
  /** Major(int32).Minor(int32).Patch(int32), the service's rule for version names. */
  private static final Pattern VERSION_NAME = Pattern.compile("^(\\d{1,10})\\.(\\d{1,10})\\.(\\d{1,10})$");
  /** ARM's resource group name rule. */
  private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{1,90}(?<!\\.)$");
  private static final Set<String> STORAGE_ACCOUNT_TYPES = Set.of("Standard_LRS", "Standard_ZRS",
      "Premium_LRS");

  private GalleryRules() {}

  static void validateNames(Route route) {
    if (!RESOURCE_GROUP.matcher(route.resourceGroup()).matches()) {
      throw new ArmError(400, "InvalidResourceGroupName", "Resource group name '"
          + route.resourceGroup() + "' is invalid. It can include alphanumeric, underscore,"
          + " parentheses, hyphen, period (except at end), and Unicode characters that match the"
          + " allowed characters.");
    }
    if (!GALLERY_NAME.matcher(route.gallery()).matches()) {
      throw ArmError.invalidParameter("galleryName", "The gallery name '" + route.gallery()
          + "' is invalid: it must match " + GALLERY_NAME.pattern() + ".");
    }
    if (route.image() != null && !GALLERY_NAME.matcher(route.image()).matches()) {
      throw ArmError.invalidParameter("galleryImageName", "The gallery image name '" + route.image()
          + "' is invalid: it must match " + GALLERY_NAME.pattern() + ".");
    }
    if (route.version() != null) {
      var matcher = VERSION_NAME.matcher(route.version());
      boolean valid = matcher.matches();
      for (int part = 1; valid && part <= 3; part++) {
        valid = Long.parseLong(matcher.group(part)) <= Integer.MAX_VALUE;
      }
      if (!valid) {
        throw ArmError.invalidParameter("galleryImageVersionName", "The gallery image version name '"
            + route.version() + "' is invalid. It must follow the format"
            + " Major(int32).Minor(int32).Patch(int32), e.g. 1.0.0.");
      }
    }
  }

  static void validate(ResourceKind kind, ObjectNode properties, String location,
      ArmResource existing) {
    switch (kind) {
      case GALLERY -> { }
      case IMAGE_DEFINITION -> validateDefinition(properties, existing);
      case IMAGE_VERSION -> validateVersion(properties, location, existing);
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private static void validateDefinition(ObjectNode properties, ArmResource existing) {
    oneOf(properties, "osType", Set.of("Windows", "Linux"), true);
    oneOf(properties, "osState", Set.of("Generalized", "Specialized"), true);
    oneOf(properties, "hyperVGeneration", Set.of("V1", "V2"), false);
    oneOf(properties, "architecture", Set.of("x64", "Arm64"), false);
    if (!(properties.get("identifier") instanceof ObjectNode)) {
      throw ArmError.missing("identifier");
    }
    for (String part : List.of("publisher", "offer", "sku")) {
      String value = ArmJson.text(properties, "identifier", part);
      if (value == null || value.isBlank()) {
        throw ArmError.missing("identifier." + part);
      }
    }
    if (existing != null) {
      for (String fixed : List.of("osType", "osState", "hyperVGeneration", "architecture",
          "identifier")) {
        JsonNode before = existing.properties.get(fixed);
        JsonNode after = properties.get(fixed);
        if (before != null && after != null && !before.equals(after)) {
          throw propertyChange(fixed);
        }
      }
    }
  }

  private static void validateVersion(ObjectNode properties, String location, ArmResource existing) {
    if (!(properties.get("storageProfile") instanceof ObjectNode storage)) {
      throw ArmError.missing("storageProfile");
    }
    String sourceId = ArmJson.text(storage, "source", "id");
    JsonNode osSource = ArmJson.at(storage, "osDiskImage", "source");
    String uri = ArmJson.text(osSource, "uri");
    if (sourceId == null && uri == null && ArmJson.text(osSource, "id") == null) {
      throw ArmError.invalidParameter("storageProfile", "The gallery image version needs a source:"
          + " storageProfile.source.id, or storageProfile.osDiskImage.source with a uri or an id.");
    }
    if (uri != null) {
      URI parsed;
      try {
        parsed = URI.create(uri);
      } catch (IllegalArgumentException e) {
        parsed = null;
      }
      if (parsed == null || !parsed.isAbsolute() || parsed.getHost() == null) {
        throw ArmError.invalidParameter("storageProfile.osDiskImage.source.uri",
            "The source uri '" + uri + "' is not a blob URL.");
      }
      if (ArmJson.text(osSource, "storageAccountId") == null) {
        throw ArmError.missing("storageProfile.osDiskImage.source.storageAccountId");
      }
    }
    oneOf(storage.path("osDiskImage") instanceof ObjectNode disk ? disk : ArmJson.object(),
        "hostCaching", Set.of("None", "ReadOnly", "ReadWrite"), false);
    JsonNode publishing = properties.get("publishingProfile");
    if (publishing instanceof ObjectNode profile) {
      validatePublishing(profile, location);
    }
    if (existing != null) {
      JsonNode before = existing.properties.get("storageProfile");
      if (before != null && !before.equals(storage)) {
        throw propertyChange("storageProfile");
      }
    }
  }

  private static void validatePublishing(ObjectNode profile, String location) {
    oneOf(profile, "storageAccountType", STORAGE_ACCOUNT_TYPES, false);
    JsonNode replicas = profile.get("replicaCount");
    if (replicas != null && !replicas.isNull() && (!replicas.isInt() || replicas.asInt() < 1)) {
      throw ArmError.invalidParameter("publishingProfile.replicaCount",
          "The replica count must be a whole number of at least 1.");
    }
    String endOfLife = ArmJson.text(profile, "endOfLifeDate");
    if (endOfLife != null) {
      try {
        OffsetDateTime.parse(endOfLife);
      } catch (DateTimeParseException e) {
        throw ArmError.invalidParameter("publishingProfile.endOfLifeDate",
            "The end of life date '" + endOfLife + "' is not an ISO 8601 date-time.");
      }
    }
    JsonNode excluded = profile.get("excludeFromLatest");
    if (excluded != null && !excluded.isNull() && !excluded.isBoolean()) {
      throw ArmError.invalidParameter("publishingProfile.excludeFromLatest",
          "excludeFromLatest is true or false.");
    }
    JsonNode regions = profile.get("targetRegions");
    if (regions == null || regions.isNull()) {
      return;
    }
    if (!regions.isArray()) {
      throw ArmError.invalidParameter("publishingProfile.targetRegions", "targetRegions is a list.");
    }
    boolean includesOwn = false;
    for (int index = 0; index < regions.size(); index++) {
      JsonNode region = regions.get(index);
      String target = "publishingProfile.targetRegions[" + index + "]";
      String name = ArmJson.text(region, "name");
      if (name == null || name.isBlank()) {
        throw ArmError.missing(target + ".name");
      }
      includesOwn |= Regions.normalize(name).equals(Regions.normalize(location));
      JsonNode count = region.get("regionalReplicaCount");
      if (count != null && !count.isNull() && (!count.isInt() || count.asInt() < 1)) {
        throw ArmError.invalidParameter(target + ".regionalReplicaCount",
            "The regional replica count must be a whole number of at least 1.");
      }
      if (region instanceof ObjectNode object) {
        oneOf(object, "storageAccountType", STORAGE_ACCOUNT_TYPES, false);
      }
    }
    if (!includesOwn) {
      throw ArmError.invalidParameter("publishingProfile.targetRegions", "The target regions must"
          + " include the location of the gallery image version ('" + location + "').");
    }
  }

  private static void oneOf(ObjectNode node, String name, Set<String> allowed, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw ArmError.missing(name);
      }
      return;
    }
    if (!value.isTextual() || allowed.stream().noneMatch(value.asText()::equalsIgnoreCase)) {
      throw ArmError.invalidParameter(name, "The value '" + value.asText() + "' of '" + name
          + "' is invalid; allowed values are " + String.join(", ", allowed.stream().sorted().toList())
          + ".");
    }
  }

  private static ArmError propertyChange(String property) {
    return new ArmError(409, "PropertyChangeNotAllowed", "Changing property '" + property
        + "' is not allowed.", property, Map.of());
  }
}
