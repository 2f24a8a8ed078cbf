package org.imagerelease.localcloud.azure.arm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Failures on demand. Each applies to requests that arrive after it is set; a version or region
 * failure is decided when the operation that would create or replicate starts.
 */
public final class ArmFaults {
  private final Map<String, Integer> throttles = new HashMap<>();
  private final Map<String, Integer> droppedResponses = new HashMap<>();
  private final Set<String> failingVersions = new HashSet<>();
  private final Set<String> failingRegions = new HashSet<>();

  /**
   * The next {@code times} calls of {@code operation} (the spec's operationId, e.g. {@code
   * GalleryImageVersions_Get}, or {@code OperationStatus_Get} for polls) answer 429 {@code
   * TooManyRequests} with a {@code Retry-After}.
   */
  public synchronized ArmFaults throttle(String operation, int times) {
    throttles.merge(operation, times, Integer::sum);
    return this;
  }

  /**
   * The next {@code times} calls of {@code operation} take effect, but their connection closes
   * before the answer, so the client cannot know they did: what a retry must find, not redo.
   */
  public synchronized ArmFaults dropResponse(String operation, int times) {
    droppedResponses.merge(operation, times, Integer::sum);
    return this;
  }

  /**
   * A version named {@code versionName} (in any definition) that is created from now on ends in
   * provisioning state {@code Failed}, its operation failing with {@code InternalOperationError}.
   */
  public synchronized ArmFaults failVersion(String versionName) {
    failingVersions.add(versionName);
    return this;
  }

  /**
   * Replication to {@code region} ({@code "East US"} or {@code eastus}) fails from now on: its
   * regional status ends {@code Failed} and the operation that started it fails with {@code
   * ReplicationFailed}.
   */
  public synchronized ArmFaults failReplication(String region) {
    failingRegions.add(Regions.normalize(region));
    return this;
  }

  /** Forgets every fault not yet used. */
  public synchronized void clear() {
    throttles.clear();
    droppedResponses.clear();
    failingVersions.clear();
    failingRegions.clear();
  }

  synchronized boolean takeThrottle(String operation) {
    return take(throttles, operation);
  }

  synchronized boolean takeDroppedResponse(String operation) {
    return take(droppedResponses, operation);
  }

  private static boolean take(Map<String, Integer> planned, String operation) {
    Integer left = planned.get(operation);
    if (left == null || left <= 0) {
      return false;
    }
    planned.put(operation, left - 1);
    return true;
  }

  synchronized boolean versionFails(String versionName) {
    return failingVersions.contains(versionName);
  }

  synchronized boolean replicationFails(String region) {
    return failingRegions.contains(Regions.normalize(region));
  }

  /** Region names as ARM compares them: {@code "East US"} is {@code eastus}. */
  static final class Regions {
    private Regions() {}

    static String normalize(String region) {
      return region.replace(" ", "").toLowerCase(Locale.ROOT);
    }
  }
}
