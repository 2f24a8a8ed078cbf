package org.imagerelease.localcloud.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An EBS snapshot: one written through the EBS direct APIs (pending until completed, or error
 * when its timeout passes first) or the copy an AMI copy makes (pending until the copy is done).
 * Mutable fields change under the region's lock; the state follows from the clock.
 */
final class Snapshot implements Tagged {
  /** What a CompleteSnapshot asked, so that a retried completion is recognised. */
  record Completion(int changedBlocksCount, String checksum) {}

  private final String id;
  private final String ownerId;
  private final long volumeSizeGiB;
  private final String description;
  private final String parentId;
  private final boolean encrypted;
  private final String kmsKeyArn;
  private final Instant startTime;
  private final Instant expiresAt;
  private final BlockStore own;
  private final List<BlockStore> lineage;
  private final TokenBucket puts = new TokenBucket();
  private final Map<String, String> tags = new LinkedHashMap<>();
  private final Set<String> createVolumeUserIds = new LinkedHashSet<>();
  private boolean createVolumePublic;
  private Instant completesAt;
  private Completion completion;

  /**
   * @param own the store blocks are written to; null for a copy, which cannot be written
   * @param lineage every store reads go through, own first, then the parents' (already retained)
   * @param expiresAt when a snapshot not completed by then goes to {@code error}; null for copies
   * @param completesAt when it is {@code completed}; null until CompleteSnapshot
   */
  Snapshot(String id, String ownerId, long volumeSizeGiB, String description, String parentId,
      boolean encrypted, String kmsKeyArn, Instant startTime, Instant expiresAt, BlockStore own,
      List<BlockStore> lineage, Instant completesAt) {
    this.id = id;
    this.ownerId = ownerId;
    this.volumeSizeGiB = volumeSizeGiB;
    this.description = description;
    this.parentId = parentId;
    this.encrypted = encrypted;
    this.kmsKeyArn = kmsKeyArn;
    this.startTime = startTime;
    this.expiresAt = expiresAt;
    this.own = own;
    this.lineage = List.copyOf(lineage);
    this.completesAt = completesAt;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Map<String, String> tags() {
    return tags;
  }

  String ownerId() {
    return ownerId;
  }

  long volumeSizeGiB() {
    return volumeSizeGiB;
  }

  /** Blocks that fit in the volume. */
  long blockCount() {
    return volumeSizeGiB * (1L << 30) / BlockStore.BLOCK_SIZE;
  }

  String description() {
    return description;
  }

  String parentId() {
    return parentId;
  }

  boolean encrypted() {
    return encrypted;
  }

  String kmsKeyArn() {
    return kmsKeyArn;
  }

  Instant startTime() {
    return startTime;
  }

  /** {@code pending}, {@code completed} or {@code error}, as EC2 and EBS report it. */
  String status(Instant now) {
    if (completesAt != null) {
      return now.isBefore(completesAt) ? "pending" : "completed";
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return "error";
    }
    return "pending";
  }

  String progress(Instant now) {
    return status(now).equals("completed") ? "100%" : "0%";
  }

  Instant completionTime(Instant now) {
    return status(now).equals("completed") ? completesAt : null;
  }

  /** The store writes go to; empty for copies. */
  Optional<BlockStore> own() {
    return Optional.ofNullable(own);
  }

  List<BlockStore> lineage() {
    return lineage;
  }

  TokenBucket puts() {
    return puts;
  }

  Completion completion() {
    return completion;
  }

  void complete(Completion asked, Instant at) {
    completion = asked;
    completesAt = at;
  }

  Set<String> createVolumeUserIds() {
    return createVolumeUserIds;
  }

  boolean createVolumePublic() {
    return createVolumePublic;
  }

  void createVolumePublic(boolean isPublic) {
    createVolumePublic = isPublic;
  }

  /** Gives up this snapshot's hold on its blocks. */
  void release() {
    lineage.forEach(BlockStore::release);
  }
}
