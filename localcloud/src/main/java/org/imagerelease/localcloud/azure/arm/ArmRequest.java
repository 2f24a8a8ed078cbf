package org.imagerelease.localcloud.azure.arm;

import java.net.URI;
import java.util.Map;

/**
 * One request, parsed.
 *
 * @param endpoint the endpoint's own base URL, for the links it answers with
 * @param query the query parameters, decoded (ARM's names: {@code api-version}, {@code $expand})
 */
record ArmRequest(String method, Route route, Map<String, String> query, byte[] body, URI endpoint) {

  ArmRequest {
    query = Map.copyOf(query);
  }

  String apiVersion() {
    return query.get("api-version");
  }
}
