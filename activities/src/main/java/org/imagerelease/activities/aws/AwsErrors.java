package org.imagerelease.activities.aws;

import java.util.Set;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What AWS's errors mean for a release: missing resources, throttling (which the SDK retries
 * and a later attempt may outlast), and errors no retry cures (access denied, invalid
 * parameters), which fail at once with AWS's error code.
 */
final class AwsErrors {
  private static final Set<String> NOT_FOUND =
      Set.of(
          "InvalidSnapshot.NotFound",
          "InvalidAMIID.NotFound",
          "InvalidAMIID.Unavailable",
          "InvalidInstanceID.NotFound",
          "ParameterNotFound",
          "ResourceNotFoundException");
  private static final Set<String> PERMANENT =
      Set.of(
          "AccessDenied",
          "AccessDeniedException",
          "UnauthorizedOperation",
          "AuthFailure",
          "ValidationException",
          "InvalidParameterValue",
          "InvalidParameterCombination",
          "InvalidParameter",
          "InvalidAMIName.Duplicate",
          "InvalidAMIName.Malformed",
          "IdempotentParameterMismatch",
          "ConflictException",
          "OptInRequired");

  private AwsErrors() {}

  static boolean isNotFound(AwsServiceException e) {
    return NOT_FOUND.contains(code(e)) || e.statusCode() == 404;
  }

  /**
   * The failure as a release sees it: a {@link ReleaseException} of type CONFIGURATION when no
   * retry can cure it, the exception itself otherwise.
   */
  static RuntimeException classify(AwsServiceException e, String doing) {
    if (PERMANENT.contains(code(e)) || e.statusCode() == 403) {
      return new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION, doing + " failed with AWS error " + code(e) + ": " + message(e), e);
    }
    return e;
  }

  static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }
}
