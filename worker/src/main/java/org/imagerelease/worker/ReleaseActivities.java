package org.imagerelease.worker;

import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.compose.ComposeActivitiesImpl;
import org.imagerelease.activities.compose.ComposePlanner;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.events.EventActivitiesImpl;
import org.imagerelease.activities.events.LoggingEventPublisher;
import org.imagerelease.activities.events.ReleaseEventPublisher;
import org.imagerelease.activities.mirror.MirrorTarget;
import org.imagerelease.activities.target.ReleaseTarget;
import org.imagerelease.activities.target.TargetActivitiesImpl;
import org.imagerelease.activities.testgate.ResultsDbClient;
import org.imagerelease.activities.testgate.TestResultActivitiesImpl;
import org.imagerelease.activities.transfer.ImageTransfer;
import org.imagerelease.activities.transfer.StreamingImageTransfer;
import org.imagerelease.worker.config.ImageReleaseConfig;

/** The one place activity implementations are built from the configuration. */
final class ReleaseActivities {
  private ReleaseActivities() {}

  static List<Object> from(ImageReleaseConfig config, WorkerExtras extras) {
    ImageTransfer transfer = extras.transferWrapper().apply(new StreamingImageTransfer(config.transfer()));
    List<ReleaseTarget> targets = new ArrayList<>();
    if (config.mirror().enabled()) {
      targets.add(new MirrorTarget(config.mirror().settings(), transfer));
    }
    List<ReleaseEventPublisher> publishers = new ArrayList<>();
    publishers.add(new LoggingEventPublisher());
    publishers.addAll(extras.eventPublishers());
    List<Object> activities = new ArrayList<>();
    activities.add(new ComposeActivitiesImpl(new ComposePlanner(ComposeReader.withDefaults()), config.enabledTargets()));
    activities.add(new TargetActivitiesImpl(targets));
    activities.add(new EventActivitiesImpl(publishers));
    // Without a ResultsDB the poller is not registered; releases then carry no poll interval.
    config.resultsDb().url().ifPresent(url -> activities.add(new TestResultActivitiesImpl(new ResultsDbClient(url))));
    return List.copyOf(activities);
  }
}
