package org.imagerelease.devtools.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.activities.mirror.MirrorSettings;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TemporalSettings;
import org.imagerelease.worker.config.WorkerSettings;
import org.imagerelease.workflows.model.GatePolicy;
import org.imagerelease.workflows.model.GateSettings;
import org.imagerelease.workflows.model.ReleaseTimeouts;

/**
 * The demo's configuration: the built-in defaults, never the environment's configuration file
 * (a demo must not touch a production mirror), with
 *
 * <ul>
 *   <li>a mirror of two roots in the workspace, {@value #PRIMARY_ROOT} (images are uploaded and
 *       tested there) and {@value #REPLICA_ROOT} (they are copied there after the gate), each
 *       "served" at its own {@code file://} URL, so every public URL the release reports can be
 *       opened on this machine;
 *   <li>the {@code tests} gate on {@value #TESTCASE}, which the local test runner reports, with
 *       a 10-minute timeout;
 *   <li>short activity timeouts and shutdown grace, as befits images of a few MiB.
 * </ul>
 */
final class DemoConfiguration {
  static final String TESTCASE = "compose.cloud_autocloud";
  static final String PRIMARY_ROOT = "mirror-primary";
  static final String REPLICA_ROOT = "mirror-replica";
  static final Duration GATE_TIMEOUT = Duration.ofMinutes(10);

  private DemoConfiguration() {}

  static ImageReleaseConfig forWorkspace(DemoWorkspace workspace) {
    ImageReleaseConfig defaults = new ConfigLoader(Map.of()).defaults();
    MirrorSettings mirror =
        new MirrorSettings(List.of(root(workspace, PRIMARY_ROOT), root(workspace, REPLICA_ROOT)));
    return new ImageReleaseConfig(
        "built-in demo configuration (workspace " + workspace.directory() + ")",
        new TemporalSettings("in-process", EmbeddedTemporal.NAMESPACE, defaults.temporal().taskQueue()),
        new GateSettings(GatePolicy.TESTS, GATE_TIMEOUT, List.of(TESTCASE)),
        new ReleaseTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(1)),
        defaults.transfer(),
        List.of(new MirrorConfig(true, mirror, defaults.target(MirrorConfig.class).selection())),
        new WorkerSettings(defaults.worker().maxConcurrentActivities(), defaults.worker().maxConcurrentWorkflowTasks(), Duration.ofSeconds(5)),
        defaults.messaging(),
        defaults.resultsDb(),
        defaults.regionFailure(),
        List.of(),
        List.of());
  }

  private static MirrorRoot root(DemoWorkspace workspace, String name) {
    var directory = workspace.mirrorRoot(name);
    return new MirrorRoot(name, directory, directory.toUri().toString());
  }
}
