package org.imagerelease.workflows;

import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Optional;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.imagerelease.workflows.model.LocationImage;
import org.imagerelease.workflows.model.LocationState;
import org.imagerelease.workflows.model.RegionFailurePolicy;
import org.slf4j.Logger;

/**
 * Runs a step at a replica location under the release's region-failure policy, so one region
 * that keeps failing never sinks the regions that worked. A failure retrying may cure is tried
 * again, with backoff on a workflow timer, until the policy's budget is spent; then the location
 * is skipped (what was made there is withdrawn and the location reported) or the release fails.
 * Releases started before the policy existed fail at the first failure, as they did then.
 */
final class ReplicaSteps {
  /**
   * The {@link Workflow#getVersion} change id of the policy: a release whose history lacks it
   * handled replica failures by failing, and keeps doing so when it is replayed.
   */
  static final String CHANGE_ID = "region-failure-policy";

  static final int APPLIES_POLICY = 1;

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
  private static final Logger log = Workflow.getLogger(ReplicaSteps.class);

  private final RegionFailurePolicy policy;
  private final ReleaseTracker tracker;
  private final boolean appliesPolicy;

  ReplicaSteps(RegionFailurePolicy policy, ReleaseTracker tracker, boolean appliesPolicy) {
    this.policy = policy;
    this.tracker = tracker;
    this.appliesPolicy = appliesPolicy;
  }

  /**
   * Runs {@code step} at {@code ref}'s location; empty when the policy skipped the location, in
   * which case {@code withdraw} removed what was made there.
   *
   * @throws RuntimeException the step's failure when the policy fails the release
   */
  Optional<LocationImage> run(
      ImageAtLocation ref, LocationState retryingState, Functions.Func<LocationImage> step, Functions.Proc withdraw) {
    long deadline = -1;
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.of(step.apply());
      } catch (RuntimeException failure) {
        if (!appliesPolicy || FailureMessages.isCancellation(failure)) {
          throw failure;
        }
        String cause = FailureMessages.describe(failure);
        if (deadline < 0) {
          deadline = Workflow.currentTimeMillis() + policy.retryBudget().toMillis();
        }
        boolean budgetLeft = Workflow.currentTimeMillis() + backoff.toMillis() <= deadline;
        if (budgetLeft && !FailureMessages.isPermanent(failure)) {
          tracker.mark(ref, retryingState, "try " + attempt + " failed (" + cause + "); trying again in " + backoff.toSeconds() + " s");
          log.warn("{} at {} failed, trying again in {}: {}", ref.imageName(), ref.location(), backoff, cause);
          Workflow.sleep(backoff);
          backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
          continue;
        }
        if (!policy.skipsRegions()) {
          throw failure;
        }
        skip(ref, withdraw, attempt, cause);
        return Optional.empty();
      }
    }
  }

  private void skip(ImageAtLocation ref, Functions.Proc withdraw, int attempts, String cause) {
    String why = "skipped after " + attempts + (attempts == 1 ? " try: " : " tries: ") + cause;
    log.warn("Skipping {} at {} ({}): {}", ref.imageName(), ref.location(), policy.onFailure().configName(), why);
    try {
      withdraw.apply();
    } catch (RuntimeException e) {
      tracker.leftovers(
          java.util.List.of("withdraw " + ref.target() + ":" + ref.imageName() + " at skipped " + ref.location() + " failed: " + FailureMessages.describe(e)));
    }
    tracker.mark(ref, LocationState.SKIPPED, why);
    tracker.decision(ref.target() + ":" + ref.imageName() + " at " + ref.location() + " " + why + " (region failure policy " + policy.onFailure().configName() + ")");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
