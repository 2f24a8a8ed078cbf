package org.imagerelease.workflows.model;

import java.time.Duration;
import java.util.Arrays;

/**
 * What a release does when copying to, or publishing at, one replica location keeps failing.
 * The primary location is never covered: the gate tested the image there, so a failure there
 * fails the release.
 *
 * @param onFailure skip the location and release everywhere else, or fail (and undo) the release
 * @param retryBudget how long a failing location is retried, with backoff, from its step's first
 *     failure (after the step's own quick retries) before the policy applies. Failures retrying cannot cure
 *     (a checksum mismatch, a configuration error) apply the policy at once
 */
public record RegionFailurePolicy(OnFailure onFailure, Duration retryBudget) {

  /** What happens to a location once its retry budget is spent. */
  public enum OnFailure {
    /** Withdraw what was made there, report it, release everywhere else. */
    SKIP_REGION("skip-region"),
    /** Fail the release: everything made anywhere is undone. */
    FAIL_RELEASE("fail-release");

    private final String configName;

    OnFailure(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    /** Parses {@code skip-region} or {@code fail-release}. */
    public static OnFailure fromConfigName(String name) {
      return Arrays.stream(values())
          .filter(p -> p.configName.equalsIgnoreCase(name.trim()) || p.name().equalsIgnoreCase(name.trim()))
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("unknown region failure policy '" + name + "': use skip-region or fail-release"));
    }
  }

  public RegionFailurePolicy {
    onFailure = onFailure == null ? OnFailure.SKIP_REGION : onFailure;
    if (retryBudget == null) {
      retryBudget = Duration.ZERO;
    }
    if (retryBudget.isNegative()) {
      throw new IllegalArgumentException("region retry budget must not be negative, was " + retryBudget);
    }
  }

  /** Retry a failing region for an hour, then skip it and report it. */
  public static RegionFailurePolicy defaults() {
    return new RegionFailurePolicy(OnFailure.SKIP_REGION, Duration.ofHours(1));
  }

  public boolean skipsRegions() {
    return onFailure == OnFailure.SKIP_REGION;
  }
}
