package org.imagerelease.starter.client;

import java.util.List;
import org.imagerelease.workflows.model.TransferProgress;

/**
 * What a release's activities are doing now, from Temporal's description of its pending
 * activities: the transfers' progress from their heartbeats, and the steps being retried.
 */
public record RunningSteps(List<TransferProgress> transfers, List<RetryingStep> retrying) {
  public RunningSteps {
    transfers = List.copyOf(transfers);
    retrying = List.copyOf(retrying);
  }

  /** Nothing running: an ended release. */
  public static RunningSteps none() {
    return new RunningSteps(List.of(), List.of());
  }
}
