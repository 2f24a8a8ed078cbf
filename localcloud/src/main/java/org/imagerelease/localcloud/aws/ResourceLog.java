package org.imagerelease.localcloud.aws;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The append-only log behind {@link Inventory#events()}. */
final class ResourceLog {
  private final Clock clock;
  private final List<ResourceEvent> events = new ArrayList<>();

  ResourceLog(Clock clock) {
    this.clock = clock;
  }

  synchronized void record(String region, ResourceKind kind, String id, ResourceEvent.Change change,
      String detail) {
    events.add(new ResourceEvent(clock.instant(), region, kind, id, change, detail));
  }

  synchronized List<ResourceEvent> events() {
    return List.copyOf(events);
  }
}
