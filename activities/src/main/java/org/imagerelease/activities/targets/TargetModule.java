package org.imagerelease.activities.targets;

import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.events.PublishedFormat;

/**
 * A kind of release target (the mirror network, a cloud) as one module: everything the rest of
 * image-release needs to know of it. A new target is one package implementing this, its
 * {@link TargetConfig} and its {@link ReleaseTarget}, plus one line in the worker's registry.
 */
public interface TargetModule {

  /**
   * The target's name: its configuration table {@code [consumer_config.<name>]}, {@link
   * org.imagerelease.workflows.model.ImageAtLocation#target()} and its task queues' suffix.
   */
  String name();

  /**
   * Reads the target's table, which is empty when the file has none, and checks it.
   *
   * @throws org.imagerelease.activities.config.ConfigException naming the key at fault
   */
  TargetConfig configure(TomlTable table);

  /** The message announcing an image public at this target. */
  PublishedFormat publishedFormat();
}
