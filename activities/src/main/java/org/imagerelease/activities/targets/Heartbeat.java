package org.imagerelease.activities.targets;

import java.util.Optional;

/**
 * The running activity's heartbeat, as long steps see it: report progress with a checkpoint,
 * and read the checkpoint an earlier attempt left. {@link #beat} throws when the release was
 * cancelled, so a long step stops at its next beat.
 */
public interface Heartbeat {

  /** Records progress; throws {@code ActivityCanceledException}-like errors when cancelled. */
  void beat(Object details);

  /** The details of the last heartbeat of an earlier attempt of this step, if any. */
  <T> Optional<T> lastDetails(Class<T> type);

  /** A heartbeat for code running outside an activity (CLI, tests): remembers, never cancels. */
  static Heartbeat none() {
    return new Heartbeat() {
      @Override
      public void beat(Object details) {}

      @Override
      public <T> Optional<T> lastDetails(Class<T> type) {
        return Optional.empty();
      }
    };
  }
}
