package org.imagerelease.localcloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * SSM Parameter Store (protocol json 1.1, botocore {@code ssm/2014-11-06/service-2.json}):
 * {@code POST /} with {@code X-Amz-Target: AmazonSSM.<Operation>}; errors as
 * {@code {"__type": ..., "message": ...}}.
 */
final class SsmApi implements AwsApi {
  private static final String TARGET_PREFIX = "AmazonSSM.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Set<String> OPERATIONS = Set.of("PutParameter", "GetParameter",
      "GetParameters", "GetParameterHistory", "DeleteParameter", "DeleteParameters",
      "DescribeParameters");

  private final Cloud cloud;
  private final Parameters parameters;

  SsmApi(Cloud cloud, Parameters parameters) {
    this.cloud = cloud;
    this.parameters = parameters;
  }

  @Override
  public String service() {
    return "ssm";
  }

  @Override
  public boolean accepts(AwsRequest request) {
    String target = request.header("X-Amz-Target");
    return target != null && target.startsWith(TARGET_PREFIX);
  }

  @Override
  public String operation(AwsRequest request) {
    String operation = request.header("X-Amz-Target").substring(TARGET_PREFIX.length());
    if (!OPERATIONS.contains(operation)) {
      throw ApiError.badRequest("UnknownOperationException",
          "This local endpoint does not implement AmazonSSM." + operation);
    }
    return operation;
  }

  @Override
  public AwsResponse handle(String operation, AwsRequest request) {
    ObjectNode in = Json.parse(request.body());
    String region = request.region();
    ObjectNode out = Json.object();
    switch (operation) {
      case "PutParameter" -> {
        long version = parameters.put(region, new Parameters.Put(Json.text(in, "Name"),
            Json.text(in, "Value"), Json.text(in, "Type"), Json.text(in, "DataType"),
            Json.text(in, "Description"), Json.text(in, "AllowedPattern"),
            Boolean.TRUE.equals(Json.bool(in, "Overwrite")), Json.text(in, "Tier"),
            Json.text(in, "KeyId"), Json.tags(in, "Tags")));
        out.put("Version", version);
        out.put("Tier", Json.text(in, "Tier") == null || Json.text(in, "Tier").equals("Intelligent-Tiering")
            ? "Standard" : Json.text(in, "Tier"));
      }
      case "GetParameter" -> {
        String name = required(in, "Name");
        Parameter.Version version = parameters.get(region, name);
        out.set("Parameter", parameter(region, name, version, decrypt(in)));
      }
      case "GetParameters" -> {
        ArrayNode found = out.putArray("Parameters");
        ArrayNode invalid = out.putArray("InvalidParameters");
        for (String name : names(in)) {
          try {
            found.add(parameter(region, name, parameters.get(region, name), decrypt(in)));
          } catch (ApiError e) {
            invalid.add(name);
          }
        }
      }
      case "GetParameterHistory" -> {
        String name = required(in, "Name");
        List<Parameter.Version> versions = parameters.history(region, name);
        Page<Parameter.Version> page = page(versions, in, 50);
        ArrayNode history = out.putArray("Parameters");
        page.items().forEach(version -> history.add(metadata(region, name, version)
            .put("Value", value(version, decrypt(in)))
            .putPOJO("Labels", List.of())));
        if (page.nextToken() != null) {
          out.put("NextToken", page.nextToken());
        }
      }
      case "DeleteParameter" -> parameters.delete(region, required(in, "Name"));
      case "DeleteParameters" -> {
        ArrayNode deleted = out.putArray("DeletedParameters");
        ArrayNode invalid = out.putArray("InvalidParameters");
        for (String name : names(in)) {
          try {
            parameters.delete(region, name);
            deleted.add(name);
          } catch (ApiError e) {
            invalid.add(name);
          }
        }
      }
      case "DescribeParameters" -> {
        Predicate<Parameter> filter = filters(in);
        List<Parameter> matching = parameters.all(region).stream().filter(filter).toList();
        Page<Parameter> page = page(matching, in, 10);
        ArrayNode listed = out.putArray("Parameters");
        page.items().forEach(parameter ->
            listed.add(metadata(region, parameter.name(), parameter.current())));
        if (page.nextToken() != null) {
          out.put("NextToken", page.nextToken());
        }
      }
      default -> throw new IllegalStateException("routed but not handled: " + operation);
    }
    return AwsResponse.of(200, CONTENT_TYPE, Json.bytes(out));
  }

  private ObjectNode parameter(String region, String requestedName, Parameter.Version version,
      boolean decrypt) {
    int colon = requestedName.lastIndexOf(':');
    String name = colon < 0 ? requestedName : requestedName.substring(0, colon);
    ObjectNode out = Json.object();
    out.put("Name", name);
    out.put("Type", version.type());
    out.put("Value", value(version, decrypt));
    out.put("Version", version.version());
    if (colon >= 0) {
      out.put("Selector", requestedName.substring(colon));
    }
    out.put("LastModifiedDate", Json.epochSeconds(version.lastModified()));
    out.put("ARN", arn(region, name));
    out.put("DataType", version.dataType());
    return out;
  }

  private ObjectNode metadata(String region, String name, Parameter.Version version) {
    ObjectNode out = Json.object();
    out.put("Name", name);
    out.put("ARN", arn(region, name));
    out.put("Type", version.type());
    if (version.keyId() != null) {
      out.put("KeyId", version.keyId());
    }
    out.put("LastModifiedDate", Json.epochSeconds(version.lastModified()));
    out.put("LastModifiedUser", "arn:aws:iam::" + cloud.config().accountId() + ":user/local");
    if (version.description() != null) {
      out.put("Description", version.description());
    }
    if (version.allowedPattern() != null) {
      out.put("AllowedPattern", version.allowedPattern());
    }
    out.put("Version", version.version());
    out.put("Tier", version.tier());
    out.putArray("Policies");
    out.put("DataType", version.dataType());
    return out;
  }

  /**
   * A SecureString's value only with decryption; without, a stand-in for the ciphertext (the
   * endpoint encrypts nothing).
   */
  private static String value(Parameter.Version version, boolean decrypt) {
    if (!version.type().equals("SecureString") || decrypt) {
      return version.value();
    }
    return Base64.getEncoder().encodeToString(
        ("local-kms:" + version.value()).getBytes(StandardCharsets.UTF_8));
  }

  private String arn(String region, String name) {
    return "arn:aws:ssm:" + region + ":" + cloud.config().accountId() + ":parameter"
        + (name.startsWith("/") ? name : "/" + name);
  }

  /** DescribeParameters' Filters and ParameterFilters, both ANDed. */
  private static Predicate<Parameter> filters(ObjectNode in) {
    List<Predicate<Parameter>> all = new ArrayList<>();
    for (String field : List.of("Filters", "ParameterFilters")) {
      JsonNode list = in.get(field);
      if (list == null || !list.isArray()) {
        continue;
      }
      for (JsonNode filter : list) {
        String key = Json.text(filter, "Key");
        String option = Json.text(filter, "Option") == null ? "Equals" : Json.text(filter, "Option");
        List<String> values = new ArrayList<>();
        filter.path("Values").forEach(value -> values.add(value.asText()));
        all.add(filter(key, option, values));
      }
    }
    return parameter -> all.stream().allMatch(predicate -> predicate.test(parameter));
  }

  private static Predicate<Parameter> filter(String key, String option, List<String> values) {
    if (key == null) {
      throw ApiError.badRequest("InvalidFilterKey", "A filter needs a Key");
    }
    if (key.startsWith("tag:")) {
      String tag = key.substring(4);
      return parameter -> parameter.tags().containsKey(tag)
          && (values.isEmpty() || values.contains(parameter.tags().get(tag)));
    }
    return switch (key) {
      case "Name" -> parameter -> values.stream().anyMatch(value -> switch (option) {
        case "BeginsWith" -> parameter.name().startsWith(value);
        case "Contains" -> parameter.name().contains(value);
        default -> parameter.name().equals(value);
      });
      case "Path" -> parameter -> values.stream().anyMatch(value -> {
        String path = value.endsWith("/") ? value : value + "/";
        if (!parameter.name().startsWith(path)) {
          return false;
        }
        return option.equals("Recursive") || !parameter.name().substring(path.length()).contains("/");
      });
      case "Type" -> parameter -> values.contains(parameter.current().type());
      case "DataType" -> parameter -> values.contains(parameter.current().dataType());
      case "Tier" -> parameter -> values.contains(parameter.current().tier());
      case "KeyId" -> parameter -> values.contains(parameter.current().keyId());
      default -> throw ApiError.badRequest("InvalidFilterKey", "The filter key " + key
          + " is not supported here (Name, Path, Type, DataType, Tier, KeyId, tag:...)");
    };
  }

  private static <T> Page<T> page(List<T> all, ObjectNode in, int defaultMax) {
    Long max = Json.number(in, "MaxResults");
    if (max != null && (max < 1 || max > 50)) {
      throw Parameters.validation("MaxResults must be between 1 and 50: " + max);
    }
    try {
      return Page.of(all, max == null ? defaultMax : max.intValue(), Json.text(in, "NextToken"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("InvalidNextToken", "The specified token isn't valid.");
    }
  }

  private static List<String> names(ObjectNode in) {
    List<String> names = new ArrayList<>();
    in.path("Names").forEach(name -> names.add(name.asText()));
    if (names.isEmpty() || names.size() > 10) {
      throw Parameters.validation("Names must list between 1 and 10 parameters: " + names.size());
    }
    return names;
  }

  private static boolean decrypt(ObjectNode in) {
    return Boolean.TRUE.equals(Json.bool(in, "WithDecryption"));
  }

  private static String required(ObjectNode in, String field) {
    String value = Json.text(in, field);
    if (value == null || value.isEmpty()) {
      throw Parameters.validation("1 validation error detected: Value null at '" + field
          + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  @Override
  public AwsResponse render(ApiError error, AwsRequest request) {
    ObjectNode body = Json.object();
    body.put("__type", error.code());
    body.put("message", error.getMessage());
    return AwsResponse.of(error.status(), CONTENT_TYPE, Json.bytes(body));
  }

  @Override
  public ApiError throttled() {
    return ApiError.badRequest("ThrottlingException", "Rate exceeded");
  }

  @Override
  public ApiError serverError(int status) {
    return status == 503
        ? new ApiError(503, "ServiceUnavailable", "The service is unavailable; retry")
        : new ApiError(500, "InternalServerError", "An error occurred on the server side.");
  }

  @Override
  public ApiError unauthenticated() {
    return ApiError.badRequest("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
}
