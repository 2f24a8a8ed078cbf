package org.imagerelease.worker.monitoring;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Temporal is reachable when its frontend answers GetSystemInfo, the cheapest call there is, in
 * a short time: a probe must not hang while gRPC waits for a server that is gone.
 */
public final class TemporalReadiness implements ReadinessCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final WorkflowServiceStubs service;
  private final String target;

  public TemporalReadiness(WorkflowServiceStubs service, String target) {
    this.service = service;
    this.target = target;
  }

  @Override
  public Readiness check() {
    try {
      service
          .blockingStub()
          .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Readiness.ready("temporal", target);
    } catch (StatusRuntimeException e) {
      return Readiness.notReady("temporal", target + ": " + e.getStatus().getCode() + " " + e.getStatus().getDescription());
    } catch (RuntimeException e) {
      return Readiness.notReady("temporal", target + ": " + e);
    }
  }
}
