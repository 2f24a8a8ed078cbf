package org.imagerelease.worker.config;

import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.activities.mirror.MirrorSettings;

/** The mirror target as configured. */
public record MirrorConfig(boolean enabled, MirrorSettings settings, SelectionRule selection) {
  public TargetSettings targetSettings() {
    TargetSettings planned = settings.targetSettings(selection);
    return new TargetSettings(planned.name(), planned.primaryLocation(), planned.replicaLocations(), enabled, selection);
  }
}
