package org.imagerelease.devtools.demo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.aws.AwsConfig;
import org.imagerelease.activities.azure.AzureConfig;
import org.imagerelease.activities.azure.GallerySettings;
import org.imagerelease.activities.azure.LocalAzure;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.activities.mirror.MirrorSettings;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.aws.LocalAwsConfig;
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
 *   <li>with AWS, the local AWS endpoint: images uploaded to {@value #AWS_PRIMARY}, smoke-tested
 *       there, copied to {@value #AWS_REPLICA}, made public with their SSM parameters;
 *   <li>with Azure, the local ARM endpoint and Blob storage: VHDs uploaded as page blobs, a
 *       version created in gallery {@value #AZURE_GALLERY} in {@value #AZURE_PRIMARY}, tested
 *       there, replicated to {@value #AZURE_REPLICA} after the gate, then promoted to latest;
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
  static final String AWS_PRIMARY = "us-east-1";
  static final String AWS_REPLICA = "eu-west-1";
  static final String AZURE_PRIMARY = "eastus";
  static final String AZURE_REPLICA = "westeurope";
  static final String AZURE_RESOURCE_GROUP = "fedora-cloud";
  static final String AZURE_GALLERY = "Fedora";
  /** Where the local Blob storage keeps the uploads: its development account, in the default container. */
  static final String AZURE_STORAGE_ACCOUNT = "devstoreaccount1";

  private DemoConfiguration() {}

  static ImageReleaseConfig forWorkspace(DemoWorkspace workspace) {
    return forWorkspace(workspace, DemoTargets.MIRROR, Optional.empty(), Optional.empty());
  }

  /**
   * The demo's configuration, releasing to these targets; AWS at the local endpoint given, Azure at
   * the local stand-ins given.
   */
  static ImageReleaseConfig forWorkspace(DemoWorkspace workspace, DemoTargets targets, Optional<URI> awsEndpoint, Optional<LocalAzure> azure) {
    ImageReleaseConfig defaults = new ConfigLoader(Map.of()).defaults();
    MirrorSettings mirror =
        new MirrorSettings(List.of(root(workspace, PRIMARY_ROOT), root(workspace, REPLICA_ROOT)));
    return new ImageReleaseConfig(
        "built-in demo configuration (workspace " + workspace.directory() + ")",
        new TemporalSettings("in-process", EmbeddedTemporal.NAMESPACE, defaults.temporal().taskQueue()),
        new GateSettings(GatePolicy.TESTS, GATE_TIMEOUT, List.of(TESTCASE)),
        new ReleaseTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(1)),
        defaults.transfer(),
        List.of(
            new MirrorConfig(targets.mirror(), mirror, defaults.target(MirrorConfig.class).selection()),
            aws(defaults.target(AwsConfig.class), targets.aws(), awsEndpoint),
            azure(defaults.target(AzureConfig.class), targets.azure(), azure)),
        new WorkerSettings(defaults.worker().maxConcurrentActivities(), defaults.worker().maxConcurrentWorkflowTasks(), Duration.ofSeconds(5)),
        // The demo's compose is a directory it generated on this machine.
        defaults.messaging().withComposeSources(ComposeSources.anywhere()),
        defaults.resultsDb(),
        defaults.regionFailure(),
        List.of(),
        List.of());
  }

  /** AWS at the local endpoint, waiting for it no longer than it takes. */
  private static AwsConfig aws(AwsConfig defaults, boolean enabled, Optional<URI> endpoint) {
    return new AwsConfig(
        enabled && endpoint.isPresent(),
        AWS_PRIMARY,
        List.of(AWS_REPLICA),
        defaults.selection(),
        defaults.testcases(),
        defaults.ami(),
        new AwsConfig.UploadSettings(16, false, defaults.upload().snapshotTimeout()),
        defaults.publish(),
        new AwsConfig.SmokeTestSettings(true, "", Map.of(), LocalAwsConfig.DEFAULT_CONSOLE_MARKER, Duration.ofMinutes(2)),
        endpoint,
        Map.of("Demo", "image-release demo"),
        Duration.ofSeconds(30),
        Duration.ofMillis(200));
  }

  /**
   * Azure at the local stand-ins, asking about versions every quarter second: the demo's versions
   * take a second, not Azure's minutes. Disabled without stand-ins.
   */
  private static AzureConfig azure(AzureConfig defaults, boolean enabled, Optional<LocalAzure> local) {
    GallerySettings d = defaults.gallery();
    GallerySettings gallery =
        new GallerySettings(AZURE_RESOURCE_GROUP, AZURE_GALLERY, "", AZURE_RESOURCE_GROUP, d.definitionName(), d.publisher(), d.offer(), d.sku(),
            d.features(), d.endOfLife(), d.rawhideEndOfLife(), 1, d.storageAccountType());
    AzureConfig azure =
        new AzureConfig(false, AZURE_PRIMARY, List.of(AZURE_REPLICA), defaults.selection(), defaults.testcases(), AZURE_STORAGE_ACCOUNT,
            defaults.container(), defaults.blobEndpoint(), defaults.upload(), gallery, Duration.ofMillis(250), Optional.empty());
    return enabled && local.isPresent() ? azure.atLocalEndpoints(local.get()) : azure;
  }

  private static MirrorRoot root(DemoWorkspace workspace, String name) {
    var directory = workspace.mirrorRoot(name);
    return new MirrorRoot(name, directory, directory.toUri().toString());
  }
}
