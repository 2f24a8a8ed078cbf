package org.imagerelease.localcloud.azure.arm;

import java.util.Map;

/**
 * An error the endpoint answers with, in ARM's shape: an HTTP status and the body {@code
 * {"error":{"code","message","target"}}} that Azure's clients read the code from (the Java SDK's
 * {@code ManagementException.getValue().getCode()}).
 */
final class ArmError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String target;
  private final transient Map<String, String> headers;

  ArmError(int status, String code, String message) {
    this(status, code, message, null, Map.of());
  }

  ArmError(int status, String code, String message, String target, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.target = target;
    this.headers = Map.copyOf(headers);
  }

  /** Compute's answer to a missing or malformed property: 400 {@code InvalidParameter}. */
  static ArmError invalidParameter(String target, String message) {
    return new ArmError(400, "InvalidParameter", message, target, Map.of());
  }

  /** Compute's words for a required property that is absent. */
  static ArmError missing(String target) {
    return invalidParameter(target, "Required parameter '" + target + "' is missing (null).");
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** The property the error is about, or null. */
  String target() {
    return target;
  }

  Map<String, String> headers() {
    return headers;
  }
}
