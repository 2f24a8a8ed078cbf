package org.imagerelease.starter.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.starter.client.ReleaseSummary;
import org.imagerelease.starter.monitoring.ReleaseCensus.RunningRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The releases still running, each with the time it entered its stage, as the census counts
 * them: listed (by a visibility query, or by listing and describing where the server has none),
 * then each asked its status. A release that does not answer counts from when it started, which
 * is never later than when it entered its stage: an alert may come early, never late. Once one
 * does not answer (no worker polls, so each query would wait for its timeout), the rest of that
 * count uses start times too.
 */
public final class RunningReleases implements Supplier<List<RunningRelease>> {
  private static final Logger LOG = LoggerFactory.getLogger(RunningReleases.class);

  private final ReleaseClient releases;

  public RunningReleases(ReleaseClient releases) {
    this.releases = releases;
  }

  @Override
  public List<RunningRelease> get() {
    List<RunningRelease> running = new ArrayList<>();
    boolean answering = true;
    for (ReleaseSummary release : releases.listRunning().releases()) {
      Optional<Instant> stageSince = Optional.empty();
      if (answering) {
        try {
          stageSince = releases.stageSince(release.composeId());
        } catch (RuntimeException e) {
          LOG.debug("Release of {} did not answer its status query ({}); counting from its start", release.composeId(), e.toString());
          answering = false;
        }
      }
      running.add(new RunningRelease(release.composeId(), release.stage(), stageSince.orElse(release.started())));
    }
    return running;
  }
}
