package org.imagerelease.activities.mirror;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.SelectionRule;
import org.imagerelease.activities.compose.TargetSettings;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * The mirror target's roots. The first is the primary location (images are uploaded and tested
 * there), the others are replicas; a root's location name is its {@link MirrorRoot#name()}.
 */
public record MirrorSettings(List<MirrorRoot> roots) {
  public MirrorSettings {
    roots = List.copyOf(roots);
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("the mirror target needs at least one root");
    }
    var names = new HashSet<String>();
    var directories = new HashSet<Path>();
    for (MirrorRoot root : roots) {
      if (!names.add(root.name())) {
        throw new IllegalArgumentException("mirror root name " + root.name() + " is used twice");
      }
      for (Path other : directories) {
        if (root.directory().startsWith(other) || other.startsWith(root.directory())) {
          throw new IllegalArgumentException(
              "mirror roots must not overlap: " + root.directory() + " and " + other);
        }
      }
      directories.add(root.directory());
    }
  }

  public MirrorRoot primary() {
    return roots.get(0);
  }

  /** The location names of every root but the primary, in order. */
  public List<String> replicaNames() {
    return roots.subList(1, roots.size()).stream().map(MirrorRoot::name).toList();
  }

  /**
   * The root of a location name.
   *
   * @throws ReleaseException {@code CONFIGURATION} when no root has that name
   */
  public MirrorRoot root(String location) {
    return roots.stream()
        .filter(root -> root.name().equals(location))
        .findFirst()
        .orElseThrow(
            () ->
                new ReleaseException(
                    ReleaseFailureTypes.CONFIGURATION,
                    "Mirror root '"
                        + location
                        + "' is not configured; configured roots: "
                        + roots.stream().map(MirrorRoot::name).toList()));
  }

  /** The mirror target as the planner sees it: these roots, with the given selection. */
  public TargetSettings targetSettings(SelectionRule selection) {
    return new TargetSettings(MirrorTarget.NAME, primary().name(), replicaNames(), true, selection);
  }
}
