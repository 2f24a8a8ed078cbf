package org.imagerelease.worker.config;

import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.activities.mirror.MirrorSettings;

/**
 * The mirror target as configured.
 *
 * @param testcases what its images must pass, instead of the gate's testcases; empty to use those
 */
public record MirrorConfig(boolean enabled, MirrorSettings settings, SelectionRule selection, Optional<List<String>> testcases) {
  public MirrorConfig {
    testcases = testcases == null ? Optional.empty() : testcases.map(List::copyOf);
  }

  /** A mirror target whose images need the gate's testcases. */
  public MirrorConfig(boolean enabled, MirrorSettings settings, SelectionRule selection) {
    this(enabled, settings, selection, Optional.empty());
  }

  public TargetSettings targetSettings() {
    TargetSettings planned = settings.targetSettings(selection);
    return new TargetSettings(planned.name(), planned.primaryLocation(), planned.replicaLocations(), enabled, selection);
  }
}
