package org.imagerelease.localcloud.aws;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The EC2 Query API (protocol ec2, botocore {@code ec2/2016-11-15/service-2.json}): a
 * form-encoded POST (or GET) with {@code Action}, answered with XML in the 2016-11-15 namespace;
 * errors as {@code <Response><Errors><Error>...}. The actions themselves live in one class per
 * resource kind.
 */
final class Ec2Api implements AwsApi {
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

  /** One EC2 action: reads its parameters, acts in the region, writes its response members. */
  @FunctionalInterface
  interface Action {
    void run(QueryParams params, String region, Xml out);
  }

  private final Map<String, Action> actions = new HashMap<>();

  Ec2Api(Cloud cloud, Snapshots snapshots, Images images, Instances instances) {
    new Ec2SnapshotActions(cloud, snapshots).addTo(actions);
    new Ec2TagActions(cloud).addTo(actions);
    new Ec2ImageActions(cloud, images).addTo(actions);
    new Ec2InstanceActions(cloud, instances).addTo(actions);
  }

  @Override
  public String service() {
    return "ec2";
  }

  @Override
  public boolean accepts(AwsRequest request) {
    return request.parameter("Action") != null;
  }

  @Override
  public String operation(AwsRequest request) {
    String action = request.parameter("Action");
    if (!actions.containsKey(action)) {
      throw ApiError.badRequest("InvalidAction",
          "The action " + action + " is not valid for this web service.");
    }
    return action;
  }

  @Override
  public AwsResponse handle(String operation, AwsRequest request) {
    QueryParams params = new QueryParams(request.parameters());
    if (params.bool("DryRun", false)) {
      throw new ApiError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }
    Xml out = new Xml().open(operation + "Response", NAMESPACE).element("requestId", request.requestId());
    actions.get(operation).run(params, request.region(), out);
    out.close();
    return AwsResponse.of(200, CONTENT_TYPE, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out);
  }

  @Override
  public AwsResponse render(ApiError error, AwsRequest request) {
    Xml out = new Xml().open("Response").open("Errors").open("Error")
        .element("Code", error.code()).element("Message", error.getMessage())
        .close().close().element("RequestID", request.requestId()).close();
    return AwsResponse.of(error.status(), CONTENT_TYPE,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out);
  }

  @Override
  public ApiError throttled() {
    return new ApiError(503, "RequestLimitExceeded", "Request limit exceeded.");
  }

  @Override
  public ApiError serverError(int status) {
    return status == 503
        ? new ApiError(503, "Unavailable", "The server is overloaded and can't handle the request.")
        : new ApiError(500, "InternalError", "An internal error has occurred.");
  }

  @Override
  public ApiError unauthenticated() {
    return Ec2Errors.missingParameter("AWSAccessKeyId");
  }

  /** {@code <tagSet><item><key/><value/></item>...</tagSet>}. */
  static void tagSet(Xml out, Map<String, String> tags) {
    out.open("tagSet");
    tags.forEach((key, value) -> out.open("item").element("key", key).element("value", value).close());
    out.close();
  }

  /**
   * {@code TagSpecification.N}: the tags per resource type, refusing types this operation
   * cannot tag.
   */
  static Map<String, Map<String, String>> tagSpecifications(QueryParams params, Set<String> taggable) {
    Map<String, Map<String, String>> byType = new LinkedHashMap<>();
    for (QueryParams specification : params.structs("TagSpecification")) {
      String type = specification.required("ResourceType");
      if (!taggable.contains(type)) {
        throw Ec2Errors.invalidParameterValue("'" + type
            + "' is not a valid taggable resource type for this operation.");
      }
      Map<String, String> tags = byType.computeIfAbsent(type, t -> new LinkedHashMap<>());
      tags.putAll(tags(specification, "Tag"));
    }
    return byType;
  }

  /** {@code Name.N.Key} / {@code Name.N.Value} pairs; keys starting with aws: are reserved. */
  static Map<String, String> tags(QueryParams params, String name) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryParams tag : params.structs(name)) {
      String key = tag.required("Key");
      if (key.startsWith("aws:")) {
        throw Ec2Errors.invalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
      }
      tags.put(key, tag.get("Value") == null ? "" : tag.get("Value"));
    }
    if (tags.size() > 50) {
      throw ApiError.badRequest("TagLimitExceeded", "A resource has at most 50 tags");
    }
    return tags;
  }

  /**
   * Whether {@code Owner.N} admits the one account here: no owners, {@code self} or its id do;
   * {@code amazon}, {@code aws-marketplace} or another account's id do not.
   */
  static boolean ownedBy(List<String> owners, String accountId) {
    return owners.isEmpty() || owners.contains("self") || owners.contains(accountId);
  }

  /** The page a Describe action returns, with EC2's error for a token it did not give out. */
  static <T> Page<T> page(List<T> all, QueryParams params) {
    try {
      return Page.of(all, params.integer("MaxResults"), params.get("NextToken"));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("InvalidPaginationToken", "The pagination token is not valid.");
    }
  }
}
