package org.imagerelease.starter.consume;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.TemporalSettings;

/**
 * The consumer's connection to Temporal. The SDK's own retries of an unreachable server are cut
 * short: the consumer keeps the message and retries with its own backoff, saying so in its log,
 * and a stop is not held up by a call that retries for a minute.
 */
public final class ConsumerTemporal {
  static final Duration RPC_RETRIES = Duration.ofSeconds(5);
  /** A server that comes back is used within seconds, not after gRPC's reconnect backoff (up to 2 minutes). */
  static final Duration RECONNECT_FREQUENCY = Duration.ofSeconds(5);

  private ConsumerTemporal() {}

  /** Connects lazily: the first start tells whether the cluster can be reached. */
  public static TemporalConnection connect(TemporalSettings settings) {
    return connect(settings, new NoopScope());
  }

  /** Connects lazily, with the SDK's metrics reported to {@code metrics}. */
  public static TemporalConnection connect(TemporalSettings settings, Scope metrics) {
    return connect(settings, RPC_RETRIES, RECONNECT_FREQUENCY, metrics);
  }

  static TemporalConnection connect(TemporalSettings settings, Duration rpcRetries, Duration reconnectFrequency) {
    return connect(settings, rpcRetries, reconnectFrequency, new NoopScope());
  }

  private static TemporalConnection connect(TemporalSettings settings, Duration rpcRetries, Duration reconnectFrequency, Scope metrics) {
    WorkflowServiceStubsOptions options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(settings.target())
            .setRpcRetryOptions(RpcRetryOptions.newBuilder().setExpiration(rpcRetries).validateBuildWithDefaults())
            .setGrpcReconnectFrequency(reconnectFrequency)
            .setSystemInfoTimeout(rpcRetries)
            .setMetricsScope(metrics)
            .build();
    return TemporalConnection.over(WorkflowServiceStubs.newServiceStubs(options), settings.namespace());
  }
}
