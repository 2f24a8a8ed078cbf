package org.imagerelease.activities.azure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.events.ComposeVersion;
import org.imagerelease.workflows.model.ImageArtifact;
import org.imagerelease.workflows.model.ImageAtLocation;

/**
 * The gallery names of an image, derived from the compose and the image only, so that a retry or
 * an undo finds what an earlier attempt made without having been told.
 *
 * <p>A version is named {@code <release>.<date>.<respin>} from the compose id ({@code
 * Fedora-41-20241027.0} gives {@code 41.20241027.0}), three integers that grow with every
 * compose of a release. Rawhide and ELN composes name no release number, and live in their own
 * definitions: theirs are {@code 0.<date>.<respin>}, growing just as well.
 */
final class GalleryNames {
  /** Tag keys on what a release makes; Azure allows these characters in tag names. */
  static final String MANAGED_BY = "managed-by";
  static final String MANAGED_BY_US = "image-release";
  static final String COMPOSE_ID = "compose-id";
  static final String RELEASE_ID = "release-id";
  static final String IMAGE_FILE = "image-file";
  /** On a definition: the release that created it, which alone may delete it again. */
  static final String CREATED_BY = "created-by-release";

  /** Respins beyond six digits give no version name (no Pungi compose comes near). */
  private static final int MAX_RESPIN = 999_999;
  private static final Map<String, String> ARCHES = Map.of("x86_64", "x64", "aarch64", "Arm64");

  private GalleryNames() {}

  /** Azure's architecture for a productmd arch: {@code x64}, {@code Arm64}; empty for others. */
  static Optional<String> azureArch(String arch) {
    return Optional.ofNullable(ARCHES.get(arch));
  }

  /** The version name, empty when the compose id does not end in a date and respin. */
  static Optional<String> versionName(String composeId) {
    int major = ComposeVersion.of(composeId).releaseNumber().orElse(0);
    return ComposeVersion.dateAndRespin(composeId)
        .filter(suffix -> suffix.respin() <= MAX_RESPIN)
        .map(suffix -> major + "." + suffix.date() + "." + suffix.respin());
  }

  /** The release word in names: {@code 41}, or {@code Rawhide} and {@code ELN}, which have no number. */
  static String release(String composeId) {
    ComposeVersion version = ComposeVersion.of(composeId);
    return version.releaseNumber().isPresent() ? Integer.toString(version.releaseNumber().getAsInt()) : version.version();
  }

  static boolean isRawhide(String composeId) {
    return ComposeVersion.of(composeId).channel().equals("rawhide");
  }

  static String definitionName(GallerySettings settings, ImageAtLocation ref) {
    return render(settings.definitionName(), ref);
  }

  static String sku(GallerySettings settings, ImageAtLocation ref) {
    return render(settings.sku(), ref);
  }

  static String version(ImageAtLocation ref) {
    return versionName(ref.composeId())
        .orElseThrow(() -> new IllegalArgumentException("compose id " + ref.composeId() + " names no date and respin"));
  }

  /** The tags of a version made for the image by its release. */
  static Map<String, String> versionTags(ImageAtLocation ref) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MANAGED_BY, MANAGED_BY_US);
    tags.put(COMPOSE_ID, ref.composeId());
    tags.put(RELEASE_ID, ref.releaseId());
    tags.put(IMAGE_FILE, ref.imageName());
    return tags;
  }

  /** The tags of a definition the release creates. */
  static Map<String, String> definitionTags(ImageAtLocation ref) {
    return Map.of(MANAGED_BY, MANAGED_BY_US, CREATED_BY, ref.releaseId());
  }

  private static String render(String template, ImageAtLocation ref) {
    ImageArtifact image = ref.image();
    return template
        .replace("{release}", release(ref.composeId()))
        .replace("{arch}", azureArch(image.arch()).orElse(image.arch()))
        .replace("{subvariant}", image.subvariant());
  }
}
