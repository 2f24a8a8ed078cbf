package org.imagerelease.activities.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.management.exception.ManagementException;
import java.util.Set;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * What Azure Resource Manager's errors mean for a release: a resource that is not there; refused
 * credentials, missing permissions and invalid requests, which fail at once with ARM's error
 * code; and throttling, conflicts with an operation still running and server errors, which stay
 * plain so that a later attempt may outlast them.
 */
final class ArmErrors {
  private static final Set<String> PERMANENT =
      Set.of(
          "AuthorizationFailed",
          "InvalidAuthenticationToken",
          "InvalidAuthenticationTokenTenant",
          "SubscriptionNotFound",
          "LinkedAuthorizationFailed",
          "InvalidParameter",
          "InvalidRequestContent",
          "BadRequest",
          "PropertyChangeNotAllowed",
          "GalleryImageVersionNameInvalid",
          "MissingSubscriptionRegistration");

  private ArmErrors() {}

  static boolean isNotFound(ManagementException e) {
    return status(e) == 404 || code(e).equals("ResourceNotFound") || code(e).equals("NotFound") || code(e).equals("ResourceGroupNotFound");
  }

  /** The failure as a release sees it: a CONFIGURATION failure when no retry cures it, else itself. */
  static RuntimeException classify(RuntimeException e, String doing) {
    if (e instanceof ClientAuthenticationException) {
      return new ReleaseException(ReleaseFailureTypes.CONFIGURATION, doing + " failed: Azure refused the worker's credentials: " + e.getMessage(), e);
    }
    if (e instanceof ManagementException management) {
      int status = status(management);
      if (PERMANENT.contains(code(management)) || status == 400 || status == 401 || status == 403) {
        return new ReleaseException(
            ReleaseFailureTypes.CONFIGURATION,
            doing + " failed with Azure error " + code(management) + " (HTTP " + status + "): " + message(management),
            e);
      }
    }
    return e;
  }

  static String code(ManagementException e) {
    return e.getValue() == null || e.getValue().getCode() == null ? "" : e.getValue().getCode();
  }

  private static int status(ManagementException e) {
    return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
  }

  private static String message(ManagementException e) {
    return e.getValue() == null || e.getValue().getMessage() == null ? e.getMessage() : e.getValue().getMessage();
  }
}
