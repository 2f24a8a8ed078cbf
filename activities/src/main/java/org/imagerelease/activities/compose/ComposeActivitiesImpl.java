package org.imagerelease.activities.compose;

import java.util.List;
import org.imagerelease.activities.ActivityFailures;
import org.imagerelease.activities.LogContext;
import org.imagerelease.workflows.ComposeActivities;
import org.imagerelease.workflows.model.ComposeRef;
import org.imagerelease.workflows.model.ReleasePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a compose's metadata and plans its release to the configured targets. */
public final class ComposeActivitiesImpl implements ComposeActivities {
  private static final Logger log = LoggerFactory.getLogger(ComposeActivitiesImpl.class);

  private final ComposePlanner planner;
  private final List<TargetSettings> targets;

  /**
   * @param planner reads, plans and checks the plan, as {@code image-release plan} does
   * @param targets every configured target; disabled ones are skipped
   */
  public ComposeActivitiesImpl(ComposePlanner planner, List<TargetSettings> targets) {
    this.planner = planner;
    this.targets = List.copyOf(targets);
  }

  @Override
  public ReleasePlan resolvePlan(ComposeRef compose) {
    try (var logContext = LogContext.ofCompose(compose.composeId())) {
      List<TargetSettings> enabled = targets.stream().filter(TargetSettings::enabled).toList();
      log.info(
          "Compose {}: resolving plan for {} enabled targets", compose.composeId(), enabled.size());
      return ActivityFailures.call(() -> planner.plan(compose, enabled));
    }
  }
}
