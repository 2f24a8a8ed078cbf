package org.imagerelease.localcloud.aws;

/**
 * An error the endpoint answers with, in AWS's own terms: the error code a client tells errors
 * apart by (e.g. {@code InvalidAMIID.NotFound}, {@code ValidationException}), the HTTP status
 * and, for the EBS direct APIs, the {@code Reason} member. Each API renders it in its protocol's
 * shape.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final String reason;

  ApiError(int status, String code, String message) {
    this(status, code, message, null);
  }

  ApiError(int status, String code, String message, String reason) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.reason = reason;
  }

  /** A 400 with {@code code}, the status of almost every AWS client error. */
  static ApiError badRequest(String code, String message) {
    return new ApiError(400, code, message);
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }

  /** The EBS direct APIs' {@code Reason}; null elsewhere. */
  String reason() {
    return reason;
  }
}
