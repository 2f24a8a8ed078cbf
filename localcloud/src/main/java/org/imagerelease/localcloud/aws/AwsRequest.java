package org.imagerelease.localcloud.aws;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the endpoint received it. {@code parameters} holds the query string and, for a
 * form-encoded body (the EC2 Query protocol), the form fields too; the region comes from the
 * SigV4 credential scope.
 */
record AwsRequest(String method, String path, Headers headers, byte[] body,
    Map<String, String> parameters, Optional<CredentialScope> scope, String requestId) {

  static AwsRequest of(String method, String path, String rawQuery, Headers headers, byte[] body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    decodeForm(rawQuery, parameters);
    String contentType = headers.getFirst("Content-Type");
    if (contentType != null
        && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      decodeForm(new String(body, StandardCharsets.UTF_8), parameters);
    }
    Optional<CredentialScope> scope = CredentialScope.fromAuthorization(headers.getFirst("Authorization"))
        .or(() -> CredentialScope.parse(parameters.get("X-Amz-Credential")));
    return new AwsRequest(method, path, headers, body, Collections.unmodifiableMap(parameters),
        scope, Ids.requestId());
  }

  String header(String name) {
    return headers.getFirst(name);
  }

  String parameter(String name) {
    return parameters.get(name);
  }

  /** The region the request is for; only called once the scope is known to be there. */
  String region() {
    return scope.orElseThrow().region();
  }

  private static void decodeForm(String encoded, Map<String, String> into) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      into.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }
}
