package org.imagerelease.activities.events;

import io.temporal.activity.Activity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.ActivityFailures;
import org.imagerelease.activities.LogContext;
import org.imagerelease.activities.targets.Heartbeat;
import org.imagerelease.activities.targets.TemporalHeartbeat;
import org.imagerelease.workflows.EventActivities;
import org.imagerelease.workflows.model.ReleaseEvent;
import org.imagerelease.activities.metrics.ReleaseMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each release event to every configured publisher, in order, at most once per publisher.
 *
 * <p>Temporal retries this activity, so an attempt can run again after an earlier one already
 * reached some publishers. Right after a publisher confirms, the attempt heartbeats the names
 * of the publishers done ({@link EventProgress}); a retry reads them and skips those. The
 * progress reaches the server on three paths: an attempt's first heartbeat is sent at once (a
 * synchronous call); later ones within the SDK's throttle interval (0.8 x the heartbeat timeout,
 * 30 s without one) are sent at the end of it; and an attempt that fails by an exception carries
 * its latest details in the failure report. What remains, with the bus publisher first in the
 * list as the worker wires it:
 *
 * <ul>
 *   <li>the worker process dies (or loses the server) between the broker's confirm and the end of
 *       the first heartbeat call: a tiny window; the retry sends the message again;
 *   <li>the attempt ends without reporting (process killed, start-to-close timeout) while a later
 *       publisher's progress waits for the throttle interval: those later publishers run again.
 * </ul>
 *
 * In both cases the repeated message has the same id ({@link EventMessageId}), so a consumer that
 * remembers ids sees it once. Nothing here needs a heartbeat timeout on the activity: details
 * are recorded with or without one.
 */
public final class EventActivitiesImpl implements EventActivities {
  private static final Logger log = LoggerFactory.getLogger(EventActivitiesImpl.class);

  private final List<ReleaseEventPublisher> publishers;
  private final List<String> names;

  public EventActivitiesImpl(List<ReleaseEventPublisher> publishers) {
    this.publishers = List.copyOf(publishers);
    this.names = uniqueNames(this.publishers);
  }

  @Override
  public void publishEvent(ReleaseEvent event) {
    TemporalHeartbeat heartbeat = new TemporalHeartbeat(Activity.getExecutionContext());
    // Counted by the first attempt only: a retry is the same release ending.
    if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
      countEnd(event);
    }
    publish(event, heartbeat);
  }

  /** The end events count releases by outcome; image.published counts copies made public by target. */
  private static void countEnd(ReleaseEvent event) {
    switch (event.kind()) {
      case RELEASE_COMPLETED -> ReleaseMetrics.releaseEnded("released");
      case RELEASE_FAILED -> ReleaseMetrics.releaseEnded("not_released");
      case IMAGE_PUBLISHED -> event.images().forEach(image -> ReleaseMetrics.imagePublished(image.ref().target()));
      default -> {}
    }
  }

  /** Publishes the event to every publisher the heartbeat's earlier attempts have not recorded. */
  void publish(ReleaseEvent event, Heartbeat heartbeat) {
    try (var logContext = LogContext.ofCompose(event.composeId())) {
      EventProgress progress = heartbeat.lastDetails(EventProgress.class).orElse(EventProgress.none(event.eventId()));
      for (int i = 0; i < publishers.size(); i++) {
        ReleaseEventPublisher publisher = publishers.get(i);
        String name = names.get(i);
        if (progress.isConfirmedBy(name)) {
          log.info("Compose {}: event {} already went to {} in an earlier attempt, not again", event.composeId(), event.eventId(), name);
          continue;
        }
        ActivityFailures.run(() -> publisher.publish(event));
        progress = progress.andConfirmedBy(name);
        heartbeat.beat(progress);
      }
    }
  }

  /** Names as the publishers give them; a repeated name gets {@code #2}, {@code #3} ... */
  private static List<String> uniqueNames(List<ReleaseEventPublisher> publishers) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (ReleaseEventPublisher publisher : publishers) {
      int count = seen.merge(publisher.name(), 1, Integer::sum);
      names.add(count == 1 ? publisher.name() : publisher.name() + "#" + count);
    }
    return List.copyOf(names);
  }
}
