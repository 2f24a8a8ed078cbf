package org.imagerelease.activities.events;

import java.util.ArrayList;
import java.util.List;

/**
 * The heartbeat details of one event's activity: the publishers that have confirmed it, by
 * {@link ReleaseEventPublisher#name()}.
 *
 * @param eventId the event, to make the details readable in the Web UI
 * @param confirmedBy the publishers done with it, in the order they finished
 */
public record EventProgress(String eventId, List<String> confirmedBy) {
  public EventProgress {
    confirmedBy = confirmedBy == null ? List.of() : List.copyOf(confirmedBy);
  }

  static EventProgress none(String eventId) {
    return new EventProgress(eventId, List.of());
  }

  boolean isConfirmedBy(String publisher) {
    return confirmedBy.contains(publisher);
  }

  EventProgress andConfirmedBy(String publisher) {
    List<String> more = new ArrayList<>(confirmedBy);
    more.add(publisher);
    return new EventProgress(eventId, more);
  }
}
