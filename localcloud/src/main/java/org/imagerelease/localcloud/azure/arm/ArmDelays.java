package org.imagerelease.localcloud.azure.arm;

import java.time.Duration;

/**
 * How long each long-running operation takes, counted from the request that starts it. Azure
 * takes seconds for galleries and definitions and minutes to hours for versions; the demo uses
 * seconds and tests milliseconds.
 *
 * @param provisioning creating or updating a gallery or a definition, and a version update that
 *     adds no region (e.g. {@code excludeFromLatest})
 * @param versionCreation creating a version, including its replication to its first regions
 * @param replication replicating an existing version to a region added by an update (regions
 *     replicate in parallel)
 * @param deletion deleting anything
 */
public record ArmDelays(Duration provisioning, Duration versionCreation, Duration replication,
    Duration deletion) {

  public ArmDelays {
    for (Duration delay : new Duration[] {provisioning, versionCreation, replication, deletion}) {
      if (delay == null || delay.isNegative()) {
        throw new IllegalArgumentException("every delay must be zero or more: " + delay);
      }
    }
  }

  public static ArmDelays all(Duration delay) {
    return new ArmDelays(delay, delay, delay, delay);
  }

  /** Seconds, in Azure's proportions, for the demo. */
  public static ArmDelays demo() {
    return new ArmDelays(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(3),
        Duration.ofSeconds(1));
  }

  public ArmDelays withVersionCreation(Duration delay) {
    return new ArmDelays(provisioning, delay, replication, deletion);
  }

  public ArmDelays withReplication(Duration delay) {
    return new ArmDelays(provisioning, versionCreation, delay, deletion);
  }
}
