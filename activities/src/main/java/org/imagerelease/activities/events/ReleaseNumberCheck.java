package org.imagerelease.activities.events;

import java.util.List;
import java.util.Map;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.PlanCheck;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.ReleasePlan;

/**
 * Refuses, before anything is uploaded, a release whose published messages would have to go
 * without the release number their schema requires: better a configuration error at RESOLVING
 * than public images announced by a message consumers refuse (or a failed release that withdraws
 * them again).
 */
public final class ReleaseNumberCheck implements PlanCheck {
  private final Map<String, PublishedFormat> formats;
  private final ReleaseNumbers releaseNumbers;

  /**
   * @param formats each target's published message
   * @param releaseNumbers the configured release numbers
   */
  public ReleaseNumberCheck(Map<String, PublishedFormat> formats, ReleaseNumbers releaseNumbers) {
    this.formats = Map.copyOf(formats);
    this.releaseNumbers = releaseNumbers;
  }

  @Override
  public void check(ReleasePlan plan) {
    String composeId = plan.compose().composeId();
    if (releaseNumbers.of(composeId).isPresent()) {
      return;
    }
    List<String> needing =
        plan.targets().stream()
            .filter(target -> formats.containsKey(target) && formats.get(target).requiresReleaseNumber())
            .map(target -> target + " (" + formats.get(target).schema() + ")")
            .toList();
    if (!needing.isEmpty()) {
      String version = ComposeVersion.of(composeId).version();
      throw new ReleaseException(
          ReleaseFailureTypes.CONFIGURATION,
          "Compose "
              + composeId
              + " names no release number, and the published messages of "
              + String.join(", ", needing)
              + " require one: set [consumer_config.messages] release_numbers = { "
              + (version.isEmpty() ? "<version>" : version)
              + " = <number> }");
    }
  }
}
