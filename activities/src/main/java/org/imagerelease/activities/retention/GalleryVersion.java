package org.imagerelease.activities.retention;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One image version in an Azure compute gallery, as the retention policy needs to see it.
 *
 * @param definition the image definition it belongs to; it must tell definitions apart across
 *     everything planned at once (qualify it, e.g. {@code gallery/definition}, when several
 *     galleries are planned together), because the count rules count per definition
 * @param name the version name, normally {@code Major.Minor.Patch}
 * @param excludeFromLatest whether Azure leaves it out when a VM asks for {@code latest}
 * @param endOfLife the end-of-life date set on it, if any
 */
public record GalleryVersion(String definition, String name, boolean excludeFromLatest, Optional<Instant> endOfLife) {
  public GalleryVersion {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(endOfLife, "endOfLife");
  }

  /** The version its name stands for, empty when the name is not {@code Major.Minor.Patch}. */
  public Optional<VersionNumber> number() {
    return VersionNumber.parse(name);
  }

  /** Whether its end-of-life date is strictly before {@code now}. */
  public boolean endOfLifePassed(Instant now) {
    return endOfLife.map(date -> date.isBefore(now)).orElse(false);
  }
}
