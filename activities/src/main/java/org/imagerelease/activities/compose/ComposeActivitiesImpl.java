package org.imagerelease.activities.compose;

import java.util.List;
import org.imagerelease.activities.ActivityFailures;
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
  private final List<PlanCheck> checks;

  /**
   * @param planner reads and plans
   * @param targets every configured target; disabled ones are skipped
   * @param checks what every plan must satisfy before anything is uploaded
   */
  public ComposeActivitiesImpl(ComposePlanner planner, List<TargetSettings> targets, List<PlanCheck> checks) {
    this.planner = planner;
    this.targets = List.copyOf(targets);
    this.checks = List.copyOf(checks);
  }

  /** Without checks beyond the metadata's. */
  public ComposeActivitiesImpl(ComposePlanner planner, List<TargetSettings> targets) {
    this(planner, targets, List.of());
  }

  @Override
  public ReleasePlan resolvePlan(ComposeRef compose) {
    List<TargetSettings> enabled = targets.stream().filter(TargetSettings::enabled).toList();
    log.info(
        "Compose {}: resolving plan for {} enabled targets", compose.composeId(), enabled.size());
    return ActivityFailures.call(
        () -> {
          ReleasePlan plan = planner.plan(compose, enabled);
          checks.forEach(check -> check.check(plan));
          return plan;
        });
  }
}
