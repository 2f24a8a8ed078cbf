package org.imagerelease.worker;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.Scope;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.imagerelease.worker.config.TemporalSettings;
import org.imagerelease.workflows.ReleaseDataConverter;

/**
 * A client connection to the Temporal cluster named in the configuration, with the project's
 * data converter; workers built on its client use it too.
 */
public final class TemporalConnection implements AutoCloseable {
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  private TemporalConnection(WorkflowServiceStubs service, String namespace) {
    this.service = service;
    this.client =
        WorkflowClient.newInstance(service, ReleaseDataConverter.clientOptions().setNamespace(namespace).build());
  }

  /** Connects lazily: the first call fails if the cluster cannot be reached. */
  public static TemporalConnection to(TemporalSettings settings) {
    return to(settings, new NoopScope());
  }

  /**
   * Connects lazily, with the SDK's metrics reported to {@code metrics}; workers built on this
   * connection's client report to it too.
   */
  public static TemporalConnection to(TemporalSettings settings, Scope metrics) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target()).setMetricsScope(metrics).build());
    return new TemporalConnection(service, settings.namespace());
  }

  /** Wraps stubs made elsewhere, e.g. over the embedded server's in-process channel. */
  public static TemporalConnection over(WorkflowServiceStubs service, String namespace) {
    return new TemporalConnection(service, namespace);
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
