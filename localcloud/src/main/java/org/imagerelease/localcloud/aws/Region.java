package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one region holds. Every read and change of a region happens while holding its
 * lock ({@code synchronized (region)}); nothing holds two regions' locks at once.
 */
final class Region {
  /** A ClientToken's first use: what it asked (to spot a mismatch) and what it made. */
  record TokenUse(String fingerprint, String resultId) {}

  /** A parameter write AWS validates later (data type aws:ec2:image). */
  record PendingWrite(String name, Parameter.Version version, boolean overwrite,
      Map<String, String> tags, Instant dueAt) {}

  final Map<String, Snapshot> snapshots = new LinkedHashMap<>();
  final Map<String, Image> images = new LinkedHashMap<>();
  final Map<String, Instance> instances = new LinkedHashMap<>();
  final Map<String, Parameter> parameters = new TreeMap<>();
  final List<PendingWrite> pendingWrites = new ArrayList<>();
  /** Keyed by operation and token: tokens are per operation, account and region. */
  final Map<String, TokenUse> clientTokens = new HashMap<>();

  private final String name;
  private boolean blockPublicSharing;
  private boolean blockPublicSharingNext;
  private Instant blockPublicSharingChangesAt;

  Region(String name, boolean blockPublicSharing) {
    this.name = name;
    this.blockPublicSharing = blockPublicSharing;
  }

  String name() {
    return name;
  }

  /** Image block public access ({@code block-new-sharing}) as it applies at {@code now}. */
  boolean blocksPublicSharing(Instant now) {
    if (blockPublicSharingChangesAt != null && !now.isBefore(blockPublicSharingChangesAt)) {
      blockPublicSharing = blockPublicSharingNext;
      blockPublicSharingChangesAt = null;
    }
    return blockPublicSharing;
  }

  /** Changes block public access at {@code at}; until then the old state applies and reads. */
  void changeBlockPublicSharing(boolean blocked, Instant at) {
    blockPublicSharingNext = blocked;
    blockPublicSharingChangesAt = at;
  }

  Tagged tagged(String id) {
    if (snapshots.containsKey(id)) {
      return snapshots.get(id);
    }
    if (images.containsKey(id)) {
      return images.get(id);
    }
    return instances.get(id);
  }
}
