package org.imagerelease.activities.mirror;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imagerelease.activities.targets.Heartbeat;

/** A heartbeat that remembers every beat and offers a previous attempt's last details. */
final class RecordingHeartbeat implements Heartbeat {
  final List<Object> beats = new CopyOnWriteArrayList<>();
  private final Object previousAttempt;

  RecordingHeartbeat() {
    this(null);
  }

  /** A heartbeat of a retried attempt whose predecessor last reported these details. */
  RecordingHeartbeat(Object previousAttempt) {
    this.previousAttempt = previousAttempt;
  }

  @Override
  public void beat(Object details) {
    beats.add(details);
  }

  @Override
  public <T> Optional<T> lastDetails(Class<T> type) {
    return type.isInstance(previousAttempt)
        ? Optional.of(type.cast(previousAttempt))
        : Optional.empty();
  }

  Object lastBeat() {
    return beats.get(beats.size() - 1);
  }
}
