package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SSM Parameter Store: versions, Overwrite, and the data type {@code aws:ec2:image}, which AWS
 * validates after PutParameter has already answered 200: a value that is not an AMI available
 * in the region makes the write silently not happen (logged as {@code DROPPED}). The wire format
 * is {@link SsmApi}'s.
 */
final class Parameters {
  static final String IMAGE_DATA_TYPE = "aws:ec2:image";
  private static final Set<String> TYPES = Set.of("String", "StringList", "SecureString");
  private static final Set<String> DATA_TYPES = Set.of("text", IMAGE_DATA_TYPE, "aws:ssm:integration");

  /** PutParameter's parameters. */
  record Put(String name, String value, String type, String dataType, String description,
      String allowedPattern, boolean overwrite, String tier, String keyId, Map<String, String> tags) {}

  private final Cloud cloud;

  Parameters(Cloud cloud) {
    this.cloud = cloud;
  }

  /** Writes (or, for aws:ec2:image, queues) a new version; returns its number. */
  long put(String regionName, Put put) {
    String name = checkName(put.name());
    if (put.value() == null) {
      throw validation("Value is required");
    }
    String tier = put.tier() == null || put.tier().equals("Intelligent-Tiering") ? "Standard" : put.tier();
    int limit = tier.equals("Advanced") ? 8192 : 4096;
    if (put.value().length() > limit) {
      throw validation("The value of a " + tier + " parameter is at most " + limit + " characters");
    }
    if (put.type() != null && !TYPES.contains(put.type())) {
      throw validation("Type must be one of " + TYPES + ": " + put.type());
    }
    if (put.dataType() != null && !DATA_TYPES.contains(put.dataType())) {
      throw validation("DataType must be one of " + DATA_TYPES + ": " + put.dataType());
    }
    if (put.allowedPattern() != null && !put.value().matches(put.allowedPattern())) {
      throw error("ParameterPatternMismatchException",
          "Parameter value, cannot be validated against allowedPattern: " + put.allowedPattern());
    }
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      settle(region, now);
      Parameter existing = region.parameters.get(name);
      if (existing != null && !put.overwrite()) {
        throw error("ParameterAlreadyExists", "The parameter already exists. To overwrite this"
            + " value, set the overwrite option in the request to true.");
      }
      if (existing != null && !put.tags().isEmpty()) {
        throw validation("Tags can't be used together with Overwrite; tag an existing parameter"
            + " with AddTagsToResource");
      }
      String type = put.type();
      String dataType = put.dataType();
      if (existing == null && type == null) {
        throw validation("A parameter type is required when you create a parameter.");
      }
      if (existing != null) {
        Parameter.Version current = existing.current();
        type = type == null ? current.type() : type;
        dataType = dataType == null ? current.dataType() : dataType;
        if (type.equals("SecureString") != current.type().equals("SecureString")) {
          throw error("HierarchyTypeMismatchException", "Parameter Store doesn't support changing"
              + " a parameter type in a hierarchy: " + current.type() + " to " + type);
        }
        if (dataType.equals(IMAGE_DATA_TYPE) != current.dataType().equals(IMAGE_DATA_TYPE)) {
          throw validation("A parameter can't be converted to or from the data type " + IMAGE_DATA_TYPE);
        }
      }
      dataType = dataType == null ? "text" : dataType;
      if (dataType.equals(IMAGE_DATA_TYPE) && !type.equals("String")) {
        throw validation("The data type " + IMAGE_DATA_TYPE + " is only allowed for the type String");
      }
      Parameter.Version version = new Parameter.Version(0, put.value(), type, dataType,
          put.description(), put.allowedPattern(), tier,
          type.equals("SecureString") ? (put.keyId() == null ? "alias/aws/ssm" : put.keyId()) : null, now);
      if (dataType.equals(IMAGE_DATA_TYPE)) {
        long queued = region.pendingWrites.stream().filter(w -> w.name().equals(name)).count();
        long predicted = (existing == null ? 0 : existing.lastVersion()) + queued + 1;
        region.pendingWrites.add(new Region.PendingWrite(name, version, put.overwrite(), put.tags(),
            now.plus(cloud.config().delays().parameterValidation())));
        settle(region, now);
        return predicted;
      }
      return apply(region, name, version, put.tags()).version();
    }
  }

  /** The parameter's current version, or the one a {@code name:version} selector names. */
  Parameter.Version get(String regionName, String nameWithSelector) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      settle(region, cloud.now());
      int colon = nameWithSelector.lastIndexOf(':');
      String name = colon < 0 ? nameWithSelector : nameWithSelector.substring(0, colon);
      Parameter parameter = find(region, name);
      if (colon < 0) {
        return parameter.current();
      }
      String selector = nameWithSelector.substring(colon + 1);
      return parameter.versions().stream()
          .filter(version -> Long.toString(version.version()).equals(selector))
          .findFirst()
          .orElseThrow(() -> error("ParameterVersionNotFound", "Systems Manager could not find"
              + " version " + selector + " of " + name + " (labels are not kept here)."));
    }
  }

  List<Parameter.Version> history(String regionName, String name) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      settle(region, cloud.now());
      return find(region, name).versions();
    }
  }

  void delete(String regionName, String name) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      settle(region, cloud.now());
      Parameter parameter = find(region, name);
      region.parameters.remove(name);
      cloud.log().record(regionName, ResourceKind.PARAMETER, name, ResourceEvent.Change.DELETED,
          parameter.current().value());
    }
  }

  /** Every parameter of the region, by name, with its current version and tags. */
  List<Parameter> all(String regionName) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      settle(region, cloud.now());
      return List.copyOf(region.parameters.values());
    }
  }

  /**
   * Carries out the queued aws:ec2:image writes that are due: a value that names an AMI that was
   * available then becomes the new version, anything else is dropped without a word. The caller
   * holds the region's lock.
   */
  void settle(Region region, Instant now) {
    for (Iterator<Region.PendingWrite> pending = region.pendingWrites.iterator(); pending.hasNext(); ) {
      Region.PendingWrite write = pending.next();
      if (now.isBefore(write.dueAt())) {
        continue;
      }
      pending.remove();
      String value = write.version().value();
      Image image = region.images.get(value);
      String refusal = null;
      if (!value.matches("ami-([0-9a-f]{8}|[0-9a-f]{17})")) {
        refusal = "not an AMI id: " + value;
      } else if (image == null) {
        refusal = "no AMI " + value + " in " + region.name();
      } else if (!image.available(write.dueAt())) {
        refusal = "AMI " + value + " was " + image.state(write.dueAt()) + ", not available";
      } else if (region.parameters.containsKey(write.name()) && !write.overwrite()) {
        refusal = "the parameter exists and Overwrite was not set";
      }
      if (refusal != null) {
        cloud.log().record(region.name(), ResourceKind.PARAMETER, write.name(),
            ResourceEvent.Change.DROPPED, refusal);
        continue;
      }
      apply(region, write.name(), write.version(), write.tags());
    }
  }

  private Parameter.Version apply(Region region, String name, Parameter.Version version,
      Map<String, String> tags) {
    Parameter parameter = region.parameters.get(name);
    boolean created = parameter == null;
    if (created) {
      parameter = new Parameter(name);
      parameter.tags().putAll(tags);
      region.parameters.put(name, parameter);
    }
    Parameter.Version added = parameter.add(version);
    cloud.log().record(region.name(), ResourceKind.PARAMETER, name,
        created ? ResourceEvent.Change.CREATED : ResourceEvent.Change.UPDATED,
        "version " + added.version() + ": " + added.value());
    return added;
  }

  private static Parameter find(Region region, String name) {
    Parameter parameter = region.parameters.get(name);
    if (parameter == null) {
      throw error("ParameterNotFound", "Parameter " + name + " not found.");
    }
    return parameter;
  }

  private static String checkName(String raw) {
    if (raw == null || raw.isBlank()) {
      throw validation("Name is required");
    }
    String name = raw.strip();
    if (!name.matches("[a-zA-Z0-9_.\\-/]+")) {
      throw validation("Parameter name: can only include a-zA-Z0-9_.-/ : " + name);
    }
    if (name.contains("/") && !name.startsWith("/")) {
      throw validation("Parameter name: a name in a hierarchy must start with a forward slash: " + name);
    }
    String first = name.startsWith("/") ? name.substring(1) : name;
    String lower = first.toLowerCase(Locale.ROOT);
    if (lower.startsWith("aws") || lower.startsWith("ssm")) {
      throw validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
    }
    if (name.chars().filter(c -> c == '/').count() > 15) {
      throw error("HierarchyLevelLimitExceededException",
          "A hierarchy can have a maximum of 15 levels: " + name);
    }
    return name;
  }

  static ApiError validation(String message) {
    return ApiError.badRequest("ValidationException", message);
  }

  static ApiError error(String code, String message) {
    return ApiError.badRequest(code, message);
  }
}
