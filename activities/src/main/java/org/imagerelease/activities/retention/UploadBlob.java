package org.imagerelease.activities.retention;

import java.time.Instant;
import java.util.Objects;

/**
 * A page blob in the upload container, which an image version was (or was to be) made from.
 * Whoever lists the container passes only page blobs of the upload container here.
 */
public record UploadBlob(String name, Instant lastModified) {
  public UploadBlob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
