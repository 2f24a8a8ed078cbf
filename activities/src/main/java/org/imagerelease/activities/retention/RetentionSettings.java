package org.imagerelease.activities.retention;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The numbers of the distribution's Azure retention policy.
 *
 * @param keepExcluded how many of the latest versions excluded from {@code latest} each
 *     definition keeps
 * @param keepRawhide how many of the latest versions, whatever their flag, a Rawhide definition
 *     keeps
 * @param blobAge how long after its last modification an upload blob is deleted
 * @param rawhideMarker what a definition name contains, in any case, to be a Rawhide definition
 */
public record RetentionSettings(int keepExcluded, int keepRawhide, Duration blobAge, String rawhideMarker) {
  static final int DEFAULT_KEEP = 7;
  static final Duration DEFAULT_BLOB_AGE = Duration.ofDays(7);
  static final String DEFAULT_RAWHIDE_MARKER = "Rawhide";

  public RetentionSettings {
    // Zero would be a typo that empties the gallery, not a policy anyone publishes.
    if (keepExcluded < 1) {
      throw new IllegalArgumentException("versions excluded from latest to keep must be at least 1, was " + keepExcluded);
    }
    if (keepRawhide < 1) {
      throw new IllegalArgumentException("Rawhide versions to keep must be at least 1, was " + keepRawhide);
    }
    Objects.requireNonNull(blobAge, "blobAge");
    if (blobAge.isNegative() || blobAge.isZero()) {
      throw new IllegalArgumentException("upload blob age must be positive, was " + blobAge);
    }
    Objects.requireNonNull(rawhideMarker, "rawhideMarker");
    if (rawhideMarker.isBlank()) {
      throw new IllegalArgumentException("the Rawhide marker must not be blank: every definition would be Rawhide");
    }
  }

  /** The published policy: 7 excluded versions, 7 Rawhide versions, upload blobs for 7 days. */
  public static RetentionSettings defaults() {
    return new RetentionSettings(DEFAULT_KEEP, DEFAULT_KEEP, DEFAULT_BLOB_AGE, DEFAULT_RAWHIDE_MARKER);
  }

  /** Whether a definition holds Rawhide: its name contains the marker, in any case. */
  public boolean isRawhide(String definition) {
    return definition.toLowerCase(Locale.ROOT).contains(rawhideMarker.toLowerCase(Locale.ROOT));
  }
}
