package org.imagerelease.activities.retention;

import java.util.List;
import java.util.Objects;

/**
 * A gallery image version the policy removes, with every rule that removes it.
 *
 * @param reasons at least one, each once, in the order of the rules
 */
public record VersionDeletion(GalleryVersion version, List<DeletionReason> reasons) {
  public VersionDeletion {
    Objects.requireNonNull(version, "version");
    reasons = reasons.stream().distinct().sorted().toList();
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException("a deletion of " + version.definition() + " " + version.name() + " needs a reason");
    }
  }
}
