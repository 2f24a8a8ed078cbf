package org.imagerelease.localcloud.aws;

/**
 * One AWS protocol the endpoint speaks. The server asks each in turn whether a request is
 * theirs, then lets it name the operation (for faults and the call log), handle it and render
 * errors in its own wire shape.
 */
interface AwsApi {
  /** The service name, as in the SigV4 scope: {@code ebs}, {@code ec2}, {@code ssm}. */
  String service();

  /** Whether the request is in this API's protocol (path, target header or Action). */
  boolean accepts(AwsRequest request);

  /** The operation's name in the API model; an {@link ApiError} if there is none such. */
  String operation(AwsRequest request);

  AwsResponse handle(String operation, AwsRequest request);

  AwsResponse render(ApiError error, AwsRequest request);

  /** The error this service throttles with, e.g. EC2's {@code RequestLimitExceeded}. */
  ApiError throttled();

  /** The error this service answers a 500 or 503 with. */
  ApiError serverError(int status);

  /** The error for a request that carries no SigV4 credentials. */
  ApiError unauthenticated();
}
