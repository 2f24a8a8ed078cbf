package org.imagerelease.starter.cli;

import org.imagerelease.starter.client.ReleaseClient;
import org.imagerelease.worker.TemporalConnection;
import org.imagerelease.worker.config.ImageReleaseConfig;
import org.imagerelease.worker.config.TemporalSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every command that talks to Temporal shares: the configuration file and where the cluster is. */
public final class ConnectionOptions {
  @Mixin ConfigOption configFile;

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description = "Temporal frontend address. Default: $TEMPORAL_ADDRESS, else the configuration's, else 127.0.0.1:7233.")
  String address;

  @Option(names = "--namespace", paramLabel = "NAME", description = "Temporal namespace. Default: $TEMPORAL_NAMESPACE, else the configuration's, else default.")
  String namespace;

  /** The configuration with command-line overrides applied. */
  public ImageReleaseConfig config() {
    ImageReleaseConfig config = configFile.load();
    TemporalSettings temporal = config.temporal();
    return config.withTemporal(
        new TemporalSettings(
            address != null ? address : temporal.target(),
            namespace != null ? namespace : temporal.namespace(),
            temporal.taskQueue()));
  }

  public TemporalConnection connect(ImageReleaseConfig config) {
    return TemporalConnection.to(config.temporal());
  }

  public ReleaseClient client(TemporalConnection connection, ImageReleaseConfig config) {
    return new ReleaseClient(connection.client(), config.temporal().taskQueue());
  }
}
