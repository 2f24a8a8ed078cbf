package org.imagerelease.activities.targets;

import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.compose.TargetSettings;

/** One target as configured: what the planner, the gate and the worker need of it. */
public interface TargetConfig {

  /** The module's name, e.g. {@code mirror}. */
  String name();

  /** Whether releases use this target at all. */
  boolean enabled();

  /** Which images of a compose it takes, and where they go. */
  TargetSettings planning();

  /** The testcases its images must pass instead of the gate's; empty to use the gate's. */
  Optional<List<String>> testcases();

  /** The target a worker releases to, built with the worker-wide services. */
  ReleaseTarget create(TargetServices services);
}
