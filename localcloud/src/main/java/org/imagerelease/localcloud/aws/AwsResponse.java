package org.imagerelease.localcloud.aws;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the endpoint sends back: status, headers and body. */
record AwsResponse(int status, Map<String, String> headers, byte[] body) {

  static AwsResponse of(int status, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    return new AwsResponse(status, headers, body);
  }

  static AwsResponse of(int status, String contentType, String body) {
    return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  static AwsResponse empty(int status) {
    return new AwsResponse(status, new LinkedHashMap<>(), new byte[0]);
  }

  AwsResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new AwsResponse(status, more, body);
  }
}
