package org.imagerelease.worker.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.imagerelease.activities.compose.ComposeSources;

/**
 * Which finished composes start a release, from {@code [consumer_config.composes]}. Empty lists
 * and an empty pattern accept everything.
 *
 * @param releases accepted {@code release_version} values, e.g. {@code 41}, {@code Rawhide}
 * @param composeTypes accepted {@code compose_type} values: production, nightly, test, ci, development
 * @param labelPattern a regular expression the whole {@code compose_label} must match (a compose
 *     without a label never matches a non-empty pattern)
 * @param sources where an announced compose may be
 */
public record ComposeFilter(List<String> releases, List<String> composeTypes, String labelPattern, ComposeSources sources) {
  public ComposeFilter {
    sources = sources == null ? ComposeSources.fedora() : sources;
    releases = List.copyOf(releases);
    composeTypes = List.copyOf(composeTypes);
    labelPattern = labelPattern == null ? "" : labelPattern;
    Pattern.compile(labelPattern);
  }

  /** Any release, type and label, from Fedora's compose host. */
  public ComposeFilter(List<String> releases, List<String> composeTypes, String labelPattern) {
    this(releases, composeTypes, labelPattern, ComposeSources.fedora());
  }

  /** Every compose from Fedora's compose host. */
  public static ComposeFilter acceptAll() {
    return new ComposeFilter(List.of(), List.of(), "");
  }

  /** The same filter, with composes allowed to be at these places. */
  public ComposeFilter withSources(ComposeSources otherSources) {
    return new ComposeFilter(releases, composeTypes, labelPattern, otherSources);
  }

  /** Why this compose is filtered out, or empty when it is accepted. */
  public Optional<String> rejectionOf(String releaseVersion, String composeType, String composeLabel) {
    if (!releases.isEmpty() && !releases.contains(releaseVersion)) {
      return Optional.of("release " + releaseVersion + " is not among " + releases);
    }
    if (!composeTypes.isEmpty() && !composeTypes.contains(composeType)) {
      return Optional.of("compose type " + composeType + " is not among " + composeTypes);
    }
    if (!labelPattern.isEmpty() && (composeLabel == null || !Pattern.compile(labelPattern).matcher(composeLabel).matches())) {
      return Optional.of("compose label " + composeLabel + " does not match " + labelPattern);
    }
    return Optional.empty();
  }
}
