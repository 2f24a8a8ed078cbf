package org.imagerelease.worker;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.compose.ComposeActivitiesImpl;
import org.imagerelease.activities.config.ConfigException;
import org.imagerelease.activities.events.BusEventPublisher;
import org.imagerelease.activities.events.EventActivitiesImpl;
import org.imagerelease.activities.events.LoggingEventPublisher;
import org.imagerelease.activities.events.MessagePublisherFactory;
import org.imagerelease.activities.events.ReleaseEventMessages;
import org.imagerelease.activities.events.ReleaseEventPublisher;
import org.imagerelease.activities.events.ReleaseNumbers;
import org.imagerelease.activities.messaging.AmqpMessagePublisher;
import org.imagerelease.activities.messaging.MessagingSettings;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.targets.RetentionActivitiesImpl;
import org.imagerelease.activities.targets.TargetServices;
import org.imagerelease.activities.targets.TargetActivitiesImpl;
import org.imagerelease.activities.testgate.ResultsDbClient;
import org.imagerelease.activities.testgate.TestResultActivitiesImpl;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TargetModules;

/** The one place activity implementations are built from the configuration. */
final class ReleaseActivities {
  /** How a worker opens its connection to the bus when {@code publish_events} is on. */
  static final MessagePublisherFactory AMQP = settings -> AmqpMessagePublisher.connect(settings, "image-release-events");

  /**
   * The activity implementations to register, and the connections they hold, which the worker
   * closes when it stops.
   *
   * @param activities what runs on the release's own task queue: compose, events, ResultsDB
   * @param targetActivities the target steps, routed to {@code targets} by name
   * @param targets the names of the targets this process can release to
   */
  record Wiring(
      List<Object> activities, TargetActivitiesImpl targetActivities, List<String> targets, List<AutoCloseable> connections) {
    Wiring {
      activities = List.copyOf(activities);
      targets = List.copyOf(targets);
      connections = List.copyOf(connections);
    }
  }

  private ReleaseActivities() {}

  static Wiring from(ImageReleaseConfig config, WorkerExtras extras) {
    return from(config, extras, AMQP);
  }

  static Wiring from(ImageReleaseConfig config, WorkerExtras extras, MessagePublisherFactory bus) {
    ImageTransfer transfer = extras.transferWrapper().apply(new StreamingImageTransfer(config.transfer(), config.composeSources()));
    TargetServices services = new TargetServices(transfer);
    List<ReleaseTarget> targets = config.enabled().stream().map(target -> target.create(services)).toList();
    List<AutoCloseable> connections = new ArrayList<>();
    List<ReleaseEventPublisher> publishers = new ArrayList<>();
    // The bus first: the event activity's first heartbeat, the one Temporal sends at once,
    // then records the broker's confirm (see EventActivitiesImpl).
    if (config.messaging().publishEvents()) {
      BusEventPublisher onTheBus = busPublisher(config.messaging().settings(), config.messaging().releaseNumbers(), bus);
      connections.add(onTheBus);
      publishers.add(onTheBus);
    }
    publishers.add(new LoggingEventPublisher());
    publishers.addAll(extras.eventPublishers());
    List<Object> activities = new ArrayList<>();
    activities.add(new ComposeActivitiesImpl(PlanChecks.planner(config), config.enabledTargets()));
    activities.add(new EventActivitiesImpl(publishers));
    activities.add(new RetentionActivitiesImpl(targets, Clock.systemUTC()));
    // Without a ResultsDB the poller is not registered; releases then carry no poll interval.
    config.resultsDb().url().ifPresent(url -> activities.add(new TestResultActivitiesImpl(new ResultsDbClient(url))));
    return new Wiring(
        activities, new TargetActivitiesImpl(targets, config.composeSources()), targets.stream().map(ReleaseTarget::name).toList(), connections);
  }

  private static BusEventPublisher busPublisher(MessagingSettings settings, ReleaseNumbers releaseNumbers, MessagePublisherFactory bus) {
    try {
      return new BusEventPublisher(
          bus.open(settings), new ReleaseEventMessages(Clock.systemUTC(), TargetModules.publishedFormats(), releaseNumbers));
    } catch (IOException e) {
      throw new ConfigException("cannot open the connection release events are published on: " + e.getMessage(), e);
    }
  }
}
