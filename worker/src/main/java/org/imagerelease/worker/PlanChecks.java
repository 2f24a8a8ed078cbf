package org.imagerelease.worker;

import java.util.ArrayList;
import java.util.List;
import org.imagerelease.activities.compose.ComposePlanner;
import org.imagerelease.activities.compose.ComposeReader;
import org.imagerelease.activities.compose.PlanCheck;
import org.imagerelease.activities.events.ReleaseNumberCheck;
import org.imagerelease.activities.targets.TargetRulesCheck;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TargetModules;

/**
 * The checks every plan of this configuration must pass, in one place: the worker's RESOLVING
 * step and {@code image-release plan} both plan with {@link #planner}, so they cannot disagree.
 */
public final class PlanChecks {
  private PlanChecks() {}

  /** The planner a release and {@code plan} use under this configuration. */
  public static ComposePlanner planner(ImageReleaseConfig config) {
    return new ComposePlanner(ComposeReader.withDefaults(config.composeSources()), of(config));
  }

  /** Each target's own rules on images; the release number published messages need, if they are sent. */
  public static List<PlanCheck> of(ImageReleaseConfig config) {
    List<PlanCheck> checks = new ArrayList<>();
    checks.add(new TargetRulesCheck(TargetModules.all()));
    if (config.messaging().publishEvents()) {
      checks.add(new ReleaseNumberCheck(TargetModules.publishedFormats(), config.messaging().releaseNumbers()));
    }
    return List.copyOf(checks);
  }
}
