package org.imagerelease.activities.targets;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.compose.PlanCheck;
import org.imagerelease.activities.compose.SafeNames;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.imagerelease.workflows.model.PlannedImage;
import org.imagerelease.workflows.model.ReleasePlan;

/**
 * Refuses a plan with an image its target's own rules refuse (the mirror's {@code CHECKSUM} file
 * name, for one), so {@code plan} says what the upload would otherwise find out.
 */
public final class TargetRulesCheck implements PlanCheck {
  private final Map<String, TargetModule> moduleByTarget;

  /** @param modules every target module; a plan's target without one has no rules to check */
  public TargetRulesCheck(List<TargetModule> modules) {
    this.moduleByTarget = modules.stream().collect(Collectors.toUnmodifiableMap(TargetModule::name, Function.identity()));
  }

  @Override
  public void check(ReleasePlan plan) {
    for (PlannedImage planned : plan.images()) {
      TargetModule module = moduleByTarget.get(planned.target());
      if (module == null) {
        continue;
      }
      module
          .whyUnreleasable(planned.image())
          .ifPresent(
              why -> {
                throw new ReleaseException(
                    ReleaseFailureTypes.UNSUPPORTED_IMAGE,
                    "Compose "
                        + plan.compose().composeId()
                        + ": target "
                        + planned.target()
                        + " cannot release image "
                        + SafeNames.quoted(planned.image().path())
                        + " (variant "
                        + planned.image().variant()
                        + ", arch "
                        + planned.image().arch()
                        + "): "
                        + SafeNames.escaped(why));
              });
    }
  }
}
