package org.imagerelease.localcloud.azure.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One gallery, image definition or version, as stored: the properties the client sent (merged by
 * updates), and the operations and replications whose times decide its states. Guarded by the
 * store's lock.
 */
final class ArmResource {
  final ResourceKind kind;
  final String id;
  final String name;
  final String location;
  final Instant createdAt;
  ObjectNode tags;
  ObjectNode properties;
  /** The latest operation on it; null when seeded without one. */
  AsyncOperation operation;
  /** Versions only: per region, by normalized name, in target-region order. */
  final Map<String, Replication> replication = new LinkedHashMap<>();

  ArmResource(ResourceKind kind, String id, String name, String location, Instant createdAt,
      ObjectNode tags, ObjectNode properties) {
    this.kind = kind;
    this.id = id;
    this.name = name;
    this.location = location;
    this.createdAt = createdAt;
    this.tags = tags;
    this.properties = properties;
  }

  String key() {
    return key(id);
  }

  static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  String provisioningState(Instant now) {
    if (operation == null) {
      return "Succeeded";
    }
    if (!operation.done(now)) {
      return operation.verb().provisioningState();
    }
    return operation.error() == null ? "Succeeded" : "Failed";
  }

  boolean busy(Instant now) {
    return operation != null && !operation.done(now);
  }

  /**
   * Replication of a version to one region.
   *
   * @param region the name as the client gave it in {@code targetRegions}
   * @param error why it fails, or null when it completes
   */
  record Replication(String region, Instant startedAt, Instant dueAt, ArmError error) {

    /** {@code Replicating}, {@code Completed} or {@code Failed} (RegionalReplicationStatus.state). */
    String state(Instant now) {
      if (now.isBefore(dueAt)) {
        return "Replicating";
      }
      return error == null ? "Completed" : "Failed";
    }

    int progress(Instant now) {
      if (!now.isBefore(dueAt)) {
        return error == null ? 100 : 0;
      }
      long total = Duration.between(startedAt, dueAt).toMillis();
      long done = Duration.between(startedAt, now).toMillis();
      return total <= 0 ? 100 : (int) Math.min(99, done * 100 / total);
    }
  }
}
