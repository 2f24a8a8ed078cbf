package org.imagerelease.localcloud.aws;

import java.util.Optional;

/**
 * The SigV4 credential scope of a request ({@code AKID/20261207/eu-west-1/ec2/aws4_request}),
 * from the {@code Authorization} header or, for presigned requests, the {@code X-Amz-Credential}
 * query parameter. The region in it is where the request's resources live, as with AWS, where
 * each regional endpoint only serves its own region. Signatures are not checked.
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {

  private static final String CREDENTIAL = "Credential=";

  /** The scope of an {@code Authorization: AWS4-HMAC-SHA256 Credential=...} header. */
  static Optional<CredentialScope> fromAuthorization(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    int start = authorization.indexOf(CREDENTIAL);
    if (start < 0) {
      return Optional.empty();
    }
    start += CREDENTIAL.length();
    int end = start;
    while (end < authorization.length() && authorization.charAt(end) != ','
        && !Character.isWhitespace(authorization.charAt(end))) {
      end++;
    }
    return parse(authorization.substring(start, end));
  }

  /** The scope of a presigned request's {@code X-Amz-Credential} value. */
  static Optional<CredentialScope> parse(String credential) {
    if (credential == null) {
      return Optional.empty();
    }
    String[] parts = credential.split("/");
    if (parts.length != 5 || parts[2].isBlank() || !parts[4].equals("aws4_request")) {
      return Optional.empty();
    }
    return Optional.of(new CredentialScope(parts[0], parts[1], parts[2], parts[3]));
  }
}
