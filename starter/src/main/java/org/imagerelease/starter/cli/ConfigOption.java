package org.imagerelease.starter.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.imagerelease.worker.config.ConfigLoader;
import org.imagerelease.worker.config.ImageReleaseConfig;
import picocli.CommandLine.Option;

/** The configuration file option every command that reads the configuration shares. */
public final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Configuration file (fedora-messaging config.toml). Default: $FEDORA_MESSAGING_CONF, else built-in defaults.")
  Path file;

  /** The configuration from the file given, else the environment's, else the defaults. */
  public ImageReleaseConfig load() {
    return ConfigLoader.fromSystem().load(Optional.ofNullable(file));
  }
}
