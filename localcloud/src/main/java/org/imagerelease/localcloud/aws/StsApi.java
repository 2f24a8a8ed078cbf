package org.imagerelease.localcloud.aws;

/**
 * STS GetCallerIdentity only (protocol query, botocore {@code sts/2011-06-15/service-2.json}),
 * so that a preflight can check its credentials against the endpoint: the caller is the one
 * account here, known by the access key it signed with.
 */
final class StsApi implements AwsApi {
  private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
  private static final String CONTENT_TYPE = "text/xml";

  private final Cloud cloud;

  StsApi(Cloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public String service() {
    return "sts";
  }

  /** Signed for sts, or (unsigned, to be refused in STS's words) asking for its one action. */
  @Override
  public boolean accepts(AwsRequest request) {
    return request.scope().map(scope -> scope.service().equals("sts")).orElse(false)
        || "GetCallerIdentity".equals(request.parameter("Action"));
  }

  @Override
  public String operation(AwsRequest request) {
    String action = request.parameter("Action");
    if (!"GetCallerIdentity".equals(action)) {
      throw ApiError.badRequest("InvalidAction", "This local endpoint implements only the STS action"
          + " GetCallerIdentity, not " + action);
    }
    return action;
  }

  @Override
  public AwsResponse handle(String operation, AwsRequest request) {
    String account = cloud.config().accountId();
    Xml out = new Xml().open("GetCallerIdentityResponse", NAMESPACE).open("GetCallerIdentityResult")
        .element("Arn", "arn:aws:iam::" + account + ":user/local")
        .element("UserId", request.scope().orElseThrow().accessKeyId())
        .element("Account", account)
        .close()
        .open("ResponseMetadata").element("RequestId", request.requestId()).close()
        .close();
    return AwsResponse.of(200, CONTENT_TYPE, out.toString());
  }

  @Override
  public AwsResponse render(ApiError error, AwsRequest request) {
    Xml out = new Xml().open("ErrorResponse", NAMESPACE).open("Error")
        .element("Type", error.status() >= 500 ? "Receiver" : "Sender")
        .element("Code", error.code()).element("Message", error.getMessage())
        .close().element("RequestId", request.requestId()).close();
    return AwsResponse.of(error.status(), CONTENT_TYPE, out.toString());
  }

  @Override
  public ApiError throttled() {
    return ApiError.badRequest("Throttling", "Rate exceeded");
  }

  @Override
  public ApiError serverError(int status) {
    return status == 503
        ? new ApiError(503, "ServiceUnavailable", "Service is unavailable; retry")
        : new ApiError(500, "InternalFailure", "An internal error has occurred; retry");
  }

  @Override
  public ApiError unauthenticated() {
    return new ApiError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
  }
}
