package org.imagerelease.activities.targets;

import java.util.Optional;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.events.PublishedFormat;
import org.imagerelease.workflows.model.ImageArtifact;

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

  /**
   * Why this target's release of the image would fail whatever the image's bytes, or empty: the
   * target's own rules on names, asked when the release is planned (by {@code plan} and by the
   * release alike) so that a plan that passes is not refused at upload.
   */
  default Optional<String> whyUnreleasable(ImageArtifact image) {
    return Optional.empty();
  }
}
