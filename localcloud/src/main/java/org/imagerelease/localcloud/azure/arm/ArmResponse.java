package org.imagerelease.localcloud.azure.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the endpoint answers: a status, headers and a JSON body (none when null). */
record ArmResponse(int status, Map<String, String> headers, JsonNode body) {

  ArmResponse {
    headers = new LinkedHashMap<>(headers);
  }

  static ArmResponse of(int status, JsonNode body) {
    return new ArmResponse(status, Map.of(), body);
  }

  ArmResponse withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ArmResponse(status, more, body);
  }
}
