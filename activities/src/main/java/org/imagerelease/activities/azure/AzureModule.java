package org.imagerelease.activities.azure;

import java.util.Optional;
import org.imagerelease.activities.config.TomlTable;
import org.imagerelease.activities.events.PublishedFormat;
import org.imagerelease.activities.events.PublishedFormats;
import org.imagerelease.activities.targets.TargetConfig;
import org.imagerelease.activities.targets.TargetModule;
import org.imagerelease.workflows.model.ImageArtifact;

/**
 * Azure as a target module: {@code [consumer_config.azure]} and its tables; off unless enabled.
 * Its published message is fedora-image-uploader's {@code published.v1.azure}.
 */
public final class AzureModule implements TargetModule {

  @Override
  public String name() {
    return AzureTarget.NAME;
  }

  @Override
  public TargetConfig configure(TomlTable table) {
    return AzureConfig.read(table);
  }

  @Override
  public PublishedFormat publishedFormat() {
    return PublishedFormats.uploaderAzure();
  }

  @Override
  public Optional<String> whyUnreleasable(ImageArtifact image) {
    if (GalleryNames.azureArch(image.arch()).isEmpty()) {
      return Optional.of("Azure galleries take x86_64 and aarch64 images, not " + image.arch() + " (" + image.fileName() + ")");
    }
    return Optional.empty();
  }

  /** As {@link #whyUnreleasable(ImageArtifact)}, and whether the compose id names a version. */
  static Optional<String> whyUnreleasable(String composeId, ImageArtifact image) {
    if (GalleryNames.versionName(composeId).isEmpty()) {
      return Optional.of("Compose id " + composeId + " does not end in a date and respin, which name its gallery version (" + image.fileName() + ")");
    }
    return new AzureModule().whyUnreleasable(image);
  }
}
