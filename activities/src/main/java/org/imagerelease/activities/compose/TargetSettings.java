package org.imagerelease.activities.compose;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One release target as configured: where its images go and which images it wants.
 *
 * @param name the target's name, e.g. {@code aws}, {@code azure}, {@code mirror}
 * @param primaryLocation where images are uploaded first and tested (a region, a mirror root)
 * @param replicaLocations where images are copied once the gate opened; never the primary
 * @param enabled whether releases use this target at all
 * @param selection which images of a compose the target releases
 * @param decodesImages whether the target decompresses images (a cloud writing a disk) rather
 *     than copying the files as they are (the mirror); the planner then refuses a selected image
 *     whose compression cannot be decoded
 */
public record TargetSettings(
    String name,
    String primaryLocation,
    List<String> replicaLocations,
    boolean enabled,
    SelectionRule selection,
    boolean decodesImages) {

  /** A target that decodes its images, as every cloud does. */
  public TargetSettings(
      String name, String primaryLocation, List<String> replicaLocations, boolean enabled, SelectionRule selection) {
    this(name, primaryLocation, replicaLocations, enabled, selection, true);
  }

  public TargetSettings {
    requireText(name, "target name");
    requireText(primaryLocation, "primary location of target " + name);
    replicaLocations = replicaLocations == null ? List.of() : List.copyOf(replicaLocations);
    var seen = new HashSet<String>();
    seen.add(primaryLocation);
    for (String replica : replicaLocations) {
      requireText(replica, "a replica location of target " + name);
      if (!seen.add(replica)) {
        throw new IllegalArgumentException(
            "target "
                + name
                + " lists location '"
                + replica
                + "' twice (primary and replicas must differ)");
      }
    }
    Objects.requireNonNull(selection, "selection rule of target " + name);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
  }
}
