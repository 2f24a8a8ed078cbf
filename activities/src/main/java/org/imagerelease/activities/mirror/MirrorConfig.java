package org.imagerelease.activities.mirror;

import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.activities.targets.ReleaseTarget;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetServices;

/**
 * The mirror target as configured.
 *
 * @param settings the roots; the first is the primary location
 * @param selection which images of a compose go to the mirror
 * @param testcases what its images must pass, instead of the gate's testcases; empty to use those
 */
public record MirrorConfig(boolean enabled, MirrorSettings settings, SelectionRule selection, Optional<List<String>> testcases)
    implements TargetConfig {
  public MirrorConfig {
    testcases = testcases == null ? Optional.empty() : testcases.map(List::copyOf);
  }

  /** A mirror target whose images need the gate's testcases. */
  public MirrorConfig(boolean enabled, MirrorSettings settings, SelectionRule selection) {
    this(enabled, settings, selection, Optional.empty());
  }

  @Override
  public String name() {
    return MirrorTarget.NAME;
  }

  /** The mirror copies the compose's files as they are: it never decodes them. */
  @Override
  public TargetSettings planning() {
    TargetSettings roots = settings.targetSettings(selection);
    return new TargetSettings(roots.name(), roots.primaryLocation(), roots.replicaLocations(), enabled, selection, false);
  }

  @Override
  public ReleaseTarget create(TargetServices services) {
    return new MirrorTarget(settings, services.transfer());
  }
}
