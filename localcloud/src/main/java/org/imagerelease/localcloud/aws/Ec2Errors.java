package org.imagerelease.localcloud.aws;

/** EC2's error codes and messages, as its API reference lists them. */
final class Ec2Errors {
  private Ec2Errors() {}

  static ApiError missingParameter(String name) {
    return ApiError.badRequest("MissingParameter", "The request must contain the parameter " + name);
  }

  static ApiError invalidParameterValue(String message) {
    return ApiError.badRequest("InvalidParameterValue", message);
  }

  static ApiError invalidParameterCombination(String message) {
    return ApiError.badRequest("InvalidParameterCombination", message);
  }

  static ApiError incorrectState(String message) {
    return ApiError.badRequest("IncorrectState", message);
  }

  static ApiError snapshotNotFound(String id) {
    return ApiError.badRequest("InvalidSnapshot.NotFound", "The snapshot '" + id + "' does not exist.");
  }

  static ApiError imageNotFound(String id) {
    return ApiError.badRequest("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
  }

  static ApiError instanceNotFound(String id) {
    return ApiError.badRequest("InvalidInstanceID.NotFound",
        "The instance ID '" + id + "' does not exist");
  }

  static ApiError idempotentParameterMismatch(String token) {
    return ApiError.badRequest("IdempotentParameterMismatch", "The client token '" + token
        + "' was already used with different parameters; use a new token for a new request.");
  }

  /** The id of an AMI, snapshot or instance, checked for its form before it is looked up. */
  static String wellFormed(String id, String prefix, String code, String kind) {
    if (!Ids.wellFormed(id, prefix)) {
      throw ApiError.badRequest(code, "Invalid id: \"" + id + "\" (expecting \"" + prefix + "-...\")"
          + (kind.isEmpty() ? "" : " for " + kind));
    }
    return id;
  }
}
