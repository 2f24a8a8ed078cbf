package org.imagerelease.activities.retention;

import java.time.Duration;
import java.util.Objects;

/**
 * An upload blob the policy removes.
 *
 * @param age how long before the plan's time it was last modified
 */
public record BlobDeletion(UploadBlob blob, Duration age) {
  public BlobDeletion {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(age, "age");
  }
}
