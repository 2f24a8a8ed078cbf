package org.imagerelease.activities.targets;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.ActivityFailures;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.retention.RetentionActivities;
import org.imagerelease.workflows.retention.RetentionItem;
import org.imagerelease.workflows.retention.RetentionPlanView;

/** Retention over every enabled target that keeps things over time ({@link RetainingTarget}). */
public final class RetentionActivitiesImpl implements RetentionActivities {
  private final List<ReleaseTarget> targets;
  private final Clock clock;

  public RetentionActivitiesImpl(List<ReleaseTarget> targets, Clock clock) {
    this.targets = List.copyOf(targets);
    this.clock = clock;
  }

  @Override
  public RetentionPlanView planRetention() {
    List<RetainingTarget> retaining = targets.stream().filter(RetainingTarget.class::isInstance).map(RetainingTarget.class::cast).toList();
    if (retaining.isEmpty()) {
      return new RetentionPlanView(
          "No enabled target keeps releases over time (retention covers Azure galleries: [consumer_config.azure] enabled = true).\n", List.of());
    }
    StringBuilder text = new StringBuilder();
    List<RetentionItem> items = new ArrayList<>();
    for (RetainingTarget target : retaining) {
      RetentionPlanView plan = ActivityFailures.call(() -> target.planRetention(clock.instant()));
      text.append(plan.text());
      items.addAll(plan.items());
    }
    return new RetentionPlanView(text.toString(), items);
  }

  @Override
  public void removeRetained(RetentionItem item) {
    ReleaseTarget target =
        targets.stream()
            .filter(t -> t.name().equals(item.target()) && t instanceof RetainingTarget)
            .findFirst()
            .orElseThrow(() -> new ReleaseException(ReleaseFailureTypes.CONFIGURATION, "No enabled target " + item.target() + " keeps " + item));
    ActivityFailures.run(() -> ((RetainingTarget) target).removeRetained(item));
  }
}
