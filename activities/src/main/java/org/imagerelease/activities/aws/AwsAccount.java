package org.imagerelease.activities.aws;

import java.util.Set;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who the worker acts as in AWS, asked before anything is uploaded: a worker without credentials,
 * or with credentials AWS rejects, fails the release at once with a message that says which,
 * instead of after the download with a signing error. STS's GetCallerIdentity needs no IAM
 * permission, so the check adds nothing to the policy.
 */
final class AwsAccount {
  /**
   * Rejected credentials no retry cures. An expired session token is left out on purpose: the
   * worker's role credentials refresh themselves, and a pod restarted with new ones carries on.
   */
  private static final Set<String> REJECTED = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied");

  private static final Logger log = LoggerFactory.getLogger(AwsAccount.class);

  private final AwsClients clients;

  AwsAccount(AwsClients clients) {
    this.clients = clients;
  }

  /** The account id the credentials belong to; logs it with the caller's ARN (never a key). */
  String verify(String region, String releasing) {
    try {
      clients.resolveCredentials();
    } catch (SdkClientException e) {
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "No AWS credentials for " + releasing + ": the SDK's default provider chain found none. Give the worker"
              + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with a shared credentials file, a web"
              + " identity token (EKS IRSA or Pod Identity), or a container or instance role. " + e.getMessage(),
          e);
    }
    try {
      GetCallerIdentityResponse caller = clients.sts(region).getCallerIdentity(b -> {});
      log.info("Releasing {} as {} in AWS account {}", releasing, caller.arn(), caller.account());
      return caller.account();
    } catch (AwsServiceException e) {
      if (REJECTED.contains(AwsErrors.code(e))) {
        throw new ReleaseException(
            ReleaseFailureTypes.CONFIGURATION,
            "AWS rejected the worker's credentials for " + releasing + " (" + AwsErrors.code(e) + "): check the"
                + " access key and secret the worker is given, or its role",
            e);
      }
      throw AwsErrors.classify(e, "Checking the AWS credentials for " + releasing);
    }
  }
}
