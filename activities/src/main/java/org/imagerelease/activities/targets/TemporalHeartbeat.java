package org.imagerelease.activities.targets;

import io.temporal.activity.ActivityExecutionContext;
import java.util.Optional;

/** The heartbeat of the running Temporal activity. */
public final class TemporalHeartbeat implements Heartbeat {
  private final ActivityExecutionContext context;

  public TemporalHeartbeat(ActivityExecutionContext context) {
    this.context = context;
  }

  @Override
  public void beat(Object details) {
    // Throws ActivityCompletionException when the release cancelled this step or the server
    // no longer knows it; the long step stops there.
    context.heartbeat(details);
  }

  @Override
  public <T> Optional<T> lastDetails(Class<T> type) {
    return context.getHeartbeatDetails(type);
  }
}
