package org.imagerelease.devtools.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.mirror.MirrorConfig;
import org.imagerelease.activities.mirror.MirrorRoot;
import org.imagerelease.activities.mirror.MirrorSettings;
import org.imagerelease.devtools.embedded.EmbeddedTemporal;
import org.imagerelease.localcloud.compose.DemoCompose;
import org.imagerelease.localcloud.compose.DemoComposeGenerator;
import org.imagerelease.localcloud.compose.DemoComposeSpec;
import org.imagerelease.localcloud.disk.DiskImageSpec;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TemporalSettings;

/**
 * What the tests that run a whole release on an embedded server share: a small generated
 * compose, and the built-in configuration pointed at that server, releasing to one mirror root.
 */
public final class OneRootRelease {
  private OneRootRelease() {}

  /** A nightly compose of release 42 of this date, with 16 MiB disks and no container image. */
  public static DemoCompose smallCompose(Path directory, String date) throws IOException {
    return new DemoComposeGenerator(
            DemoComposeSpec.nightly("42", date, 0).withVirtualSize(16 * DiskImageSpec.MIB).withContainerImage(false))
        .generate(directory);
  }

  /**
   * The built-in defaults at the server, releasing composes in local directories to the mirror
   * root {@code local} at {@code root}.
   */
  public static ImageReleaseConfig config(EmbeddedTemporal server, Path root) {
    ImageReleaseConfig defaults = new ConfigLoader(Map.of()).defaults();
    return defaults
        .withComposeSources(ComposeSources.localOnly())
        .withTemporal(new TemporalSettings(server.address(), EmbeddedTemporal.NAMESPACE, defaults.temporal().taskQueue()))
        .withTarget(
            new MirrorConfig(
                true, new MirrorSettings(List.of(new MirrorRoot("local", root, ""))), defaults.target(MirrorConfig.class).selection()));
  }
}
