package org.imagerelease.workflows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * How every client, worker and test environment of this project writes and reads the payloads
 * Temporal stores: workflow inputs and results, signals, queries, activity arguments, results and
 * heartbeat details. During a rolling upgrade workers of two versions share the releases, and a
 * release waits at its gate for days, so each version must read what the other wrote. Temporal's
 * default converter rejects a field it does not know; this one ignores it, and the payload records
 * read a field they miss as absent. Otherwise it is Temporal's default: the same converters for
 * null, bytes and protobuf, and the same JSON (java.time types, field access).
 */
public final class ReleaseDataConverter {

  /** The one converter; workers take it from the client they are built on. */
  public static final DataConverter INSTANCE =
      DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(objectMapper()));

  private ReleaseDataConverter() {}

  /** Temporal's default JSON mapper, except that it reads payloads with fields it does not know. */
  public static ObjectMapper objectMapper() {
    return JacksonJsonPayloadConverter.newDefaultObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /** Client options with this converter; the caller adds its namespace and the like. */
  public static WorkflowClientOptions.Builder clientOptions() {
    return WorkflowClientOptions.newBuilder().setDataConverter(INSTANCE);
  }
}
