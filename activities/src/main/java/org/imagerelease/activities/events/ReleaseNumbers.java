package org.imagerelease.activities.events;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.imagerelease.workflows.model.LocationImage;

/**
 * The release number a message names for a compose: the target's {@link
 * PublishedImageAttributes#RELEASE} of the image, else the number in the compose id ({@code
 * Fedora-41-20241027.0} is 41), else the number configured for the compose's version word
 * ({@code [consumer_config.messages] release_numbers = { Rawhide = 44 }}): Rawhide and ELN compose
 * ids name none, and fedora-image-uploader-messages 1.2.0 requires one in every published message.
 *
 * @param byVersion the configured number of each version word, matched ignoring case
 */
public record ReleaseNumbers(Map<String, Integer> byVersion) {
  public ReleaseNumbers {
    Map<String, Integer> lowerCase = new LinkedHashMap<>();
    if (byVersion != null) {
      byVersion.forEach((version, number) -> lowerCase.put(version.toLowerCase(Locale.ROOT), number));
    }
    byVersion = Map.copyOf(lowerCase);
  }

  public static ReleaseNumbers none() {
    return new ReleaseNumbers(Map.of());
  }

  /** The release number of a compose, from its id or the configuration. */
  public OptionalInt of(String composeId) {
    ComposeVersion version = ComposeVersion.of(composeId);
    OptionalInt inId = version.releaseNumber();
    if (inId.isPresent()) {
      return inId;
    }
    Integer configured = byVersion.get(version.version().toLowerCase(Locale.ROOT));
    return configured == null ? OptionalInt.empty() : OptionalInt.of(configured);
  }

  /** The release number of an image at a location: the target's attribute first. */
  public OptionalInt of(String composeId, LocationImage image) {
    String declared = image.attributes().getOrDefault(PublishedImageAttributes.RELEASE, "");
    if (declared.matches("\\d{1,6}")) {
      return OptionalInt.of(Integer.parseInt(declared));
    }
    return of(composeId);
  }
}
