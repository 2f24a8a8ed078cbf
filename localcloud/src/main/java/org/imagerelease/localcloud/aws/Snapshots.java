package org.imagerelease.localcloud.aws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.imagerelease.localcloud.Sha256;

/**
 * Snapshots as the EBS direct APIs write and read them and EC2 lists and deletes them: the
 * rules (ClientToken, timeout, volume size, block checksums, the LINEAR aggregate, the per
 * snapshot request rate) live here, the wire formats in {@link EbsApi} and
 * {@link Ec2SnapshotActions}.
 */
final class Snapshots {
  static final long MAX_VOLUME_GIB = 65536;
  private static final int DEFAULT_TIMEOUT_MINUTES = 60;

  /** StartSnapshot's parameters. */
  record Start(Long volumeSize, String parentSnapshotId, Map<String, String> tags,
      String description, String clientToken, Boolean encrypted, String kmsKeyArn,
      Integer timeoutMinutes) {}

  /** A block as GetSnapshotBlock returns it. */
  record Block(byte[] data, byte[] digest) {}

  /** A block of a completed snapshot and the token that reads it. */
  record ListedBlock(int index, String token) {}

  /** A block that differs between two snapshots, with the tokens that read it in each. */
  record ChangedBlock(int index, String firstToken, String secondToken) {}

  private final Cloud cloud;

  Snapshots(Cloud cloud) {
    this.cloud = cloud;
  }

  Snapshot start(String regionName, Start request) {
    if (request.volumeSize() == null) {
      throw validation("INVALID_VOLUME_SIZE", "VolumeSize is required");
    }
    if (request.volumeSize() < 1 || request.volumeSize() > MAX_VOLUME_GIB) {
      throw validation("INVALID_VOLUME_SIZE",
          "VolumeSize must be between 1 and " + MAX_VOLUME_GIB + " GiB: " + request.volumeSize());
    }
    int timeout = request.timeoutMinutes() == null ? DEFAULT_TIMEOUT_MINUTES : request.timeoutMinutes();
    if (timeout < 10 || timeout > 4320) {
      throw validation("INVALID_PARAMETER_VALUE", "Timeout must be between 10 and 4320 minutes: " + timeout);
    }
    if (request.description() != null && request.description().length() > 255) {
      throw validation("INVALID_PARAMETER_VALUE", "Description is longer than 255 characters");
    }
    if (request.tags().size() > 50) {
      throw validation("INVALID_TAG", "A snapshot has at most 50 tags");
    }
    if (request.parentSnapshotId() != null && request.encrypted() != null) {
      throw validation("INVALID_PARAMETER_VALUE",
          "ParentSnapshotId and Encrypted cannot be specified together");
    }
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      String tokenKey = "StartSnapshot:" + request.clientToken();
      if (request.clientToken() != null) {
        Region.TokenUse use = region.clientTokens.get(tokenKey);
        if (use != null && region.snapshots.containsKey(use.resultId())) {
          if (!use.fingerprint().equals(fingerprint(request))) {
            throw new ApiError(409, "ConflictException", "The request uses the same client token as"
                + " a previous, but non-identical request.");
          }
          return region.snapshots.get(use.resultId());
        }
      }
      List<BlockStore> lineage = new ArrayList<>();
      boolean encrypted = Boolean.TRUE.equals(request.encrypted());
      if (request.parentSnapshotId() != null) {
        Snapshot parent = ebsSnapshot(region, request.parentSnapshotId());
        if (!parent.status(now).equals("completed")) {
          throw validation("INVALID_SNAPSHOT_ID",
              "The parent snapshot " + parent.id() + " is not completed");
        }
        if (request.volumeSize() < parent.volumeSizeGiB()) {
          throw validation("INVALID_VOLUME_SIZE", "VolumeSize " + request.volumeSize()
              + " is smaller than the parent snapshot's " + parent.volumeSizeGiB() + " GiB");
        }
        encrypted = parent.encrypted();
        parent.lineage().forEach(store -> lineage.add(store.retain()));
      }
      BlockStore own = cloud.newBlockStore();
      lineage.add(0, own);
      String kmsKeyArn = request.kmsKeyArn() != null || !encrypted ? request.kmsKeyArn()
          : "arn:aws:kms:" + regionName + ":" + cloud.config().accountId() + ":key/local-ebs-default";
      Snapshot snapshot = new Snapshot(Ids.next("snap"), cloud.config().accountId(),
          request.volumeSize(), request.description(), request.parentSnapshotId(), encrypted,
          kmsKeyArn, now, now.plus(Duration.ofMinutes(timeout)), own, lineage, null);
      snapshot.tags().putAll(request.tags());
      region.snapshots.put(snapshot.id(), snapshot);
      if (request.clientToken() != null) {
        region.clientTokens.put(tokenKey, new Region.TokenUse(fingerprint(request), snapshot.id()));
      }
      cloud.log().record(regionName, ResourceKind.SNAPSHOT, snapshot.id(),
          ResourceEvent.Change.CREATED, describe(snapshot));
      return snapshot;
    }
  }

  /** Checks and keeps one block; returns its SHA-256. */
  byte[] putBlock(String regionName, String snapshotId, int index, byte[] data, Integer dataLength,
      String checksum, String checksumAlgorithm, Integer progress) {
    if (dataLength == null || dataLength != BlockStore.BLOCK_SIZE) {
      throw validation("INVALID_PARAMETER_VALUE",
          "DataLength must be " + BlockStore.BLOCK_SIZE + ": " + dataLength);
    }
    if (data.length != dataLength) {
      throw validation("INVALID_PARAMETER_VALUE",
          "The block data has " + data.length + " bytes, DataLength says " + dataLength);
    }
    if (!"SHA256".equals(checksumAlgorithm)) {
      throw validation("INVALID_PARAMETER_VALUE", "ChecksumAlgorithm must be SHA256: " + checksumAlgorithm);
    }
    if (checksum == null) {
      throw validation("INVALID_PARAMETER_VALUE", "Checksum is required");
    }
    if (progress != null && (progress < 0 || progress > 100)) {
      throw validation("INVALID_PARAMETER_VALUE", "Progress must be between 0 and 100: " + progress);
    }
    if (index < 0) {
      throw validation("INVALID_PARAMETER_VALUE", "BlockIndex must not be negative: " + index);
    }
    Region region = cloud.region(regionName);
    BlockStore store;
    synchronized (region) {
      Snapshot snapshot = ebsSnapshot(region, snapshotId);
      if (!snapshot.puts().tryTake(cloud.config().quotas().putSnapshotBlockPerSecond())) {
        throw new ApiError(400, "RequestThrottledException", "The number of PutSnapshotBlock requests"
            + " exceeds the maximum allowed for snapshot " + snapshotId, "RESOURCE_LEVEL_THROTTLE");
      }
      writable(snapshot, cloud.now());
      if (index >= snapshot.blockCount()) {
        throw validation("INVALID_PARAMETER_VALUE", "Block index " + index + " is beyond the volume size of "
            + snapshot.volumeSizeGiB() + " GiB (" + snapshot.blockCount() + " blocks)");
      }
      store = snapshot.own().orElseThrow();
    }
    byte[] digest = Sha256.newDigest().digest(data);
    // The model has no reason for a checksum mismatch; INVALID_BLOCK is the nearest it lists.
    if (!Base64.getEncoder().encodeToString(digest).equals(checksum)) {
      throw validation("INVALID_BLOCK", "The checksum " + checksum
          + " does not match the block data's SHA-256");
    }
    store.put(index, data, digest);
    return digest;
  }

  /** Seals the snapshot; returns its status, which becomes completed after the configured delay. */
  String complete(String regionName, String snapshotId, Integer changedBlocksCount, String checksum,
      String checksumAlgorithm, String aggregationMethod) {
    if (changedBlocksCount == null || changedBlocksCount < 0) {
      throw validation("INVALID_PARAMETER_VALUE", "ChangedBlocksCount is required");
    }
    if (checksum != null && !"SHA256".equals(checksumAlgorithm)) {
      throw validation("INVALID_PARAMETER_VALUE", "ChecksumAlgorithm must be SHA256: " + checksumAlgorithm);
    }
    if (checksum != null && !"LINEAR".equals(aggregationMethod)) {
      throw validation("INVALID_PARAMETER_VALUE",
          "ChecksumAggregationMethod must be LINEAR: " + aggregationMethod);
    }
    Region region = cloud.region(regionName);
    Instant now = cloud.now();
    synchronized (region) {
      Snapshot snapshot = ebsSnapshot(region, snapshotId);
      Snapshot.Completion asked = new Snapshot.Completion(changedBlocksCount, checksum);
      if (snapshot.completion() != null) {
        if (snapshot.completion().equals(asked)) {
          return snapshot.status(now);
        }
        throw validation("INVALID_SNAPSHOT_ID", "The snapshot " + snapshotId + " is already completed");
      }
      writable(snapshot, now);
      BlockStore store = snapshot.own().orElseThrow();
      if (store.count() != changedBlocksCount) {
        throw validation("INVALID_PARAMETER_VALUE", "ChangedBlocksCount is " + changedBlocksCount
            + " but " + store.count() + " blocks were written to " + snapshotId);
      }
      // AWS does not document whether a wrong count or aggregate fails the call or, later, the
      // snapshot; failing the call leaves the snapshot open for a corrected completion.
      if (checksum != null) {
        String expected = LinearChecksum.of(store.digests());
        if (!expected.equals(checksum)) {
          throw validation("INVALID_PARAMETER_VALUE", "The aggregated checksum " + checksum
              + " does not match the LINEAR aggregate of the blocks written to " + snapshotId);
        }
      }
      snapshot.complete(asked, now.plus(cloud.config().delays().snapshotCompletion()));
      return snapshot.status(now);
    }
  }

  /** The blocks of a completed snapshot (its own and its parents'), from {@code startIndex}. */
  List<ListedBlock> blocks(String regionName, String snapshotId, int startIndex) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      Snapshot snapshot = readable(region, snapshotId);
      List<ListedBlock> blocks = new ArrayList<>();
      effectiveStores(snapshot).tailMap(startIndex, true).forEach(
          (index, store) -> blocks.add(new ListedBlock(index, blockToken(store, index))));
      return blocks;
    }
  }

  Block block(String regionName, String snapshotId, int index, String token) {
    Region region = cloud.region(regionName);
    BlockStore store;
    synchronized (region) {
      Snapshot snapshot = readable(region, snapshotId);
      store = effectiveStores(snapshot).get(index);
      if (store == null || !blockToken(store, index).equals(token)) {
        throw validation("INVALID_BLOCK_TOKEN",
            "The block token is not valid for block " + index + " of " + snapshotId);
      }
    }
    byte[] digest = store.digest(index);
    byte[] data = store.read(index).orElseThrow(() -> new ApiError(500, "InternalServerException",
        "This local endpoint keeps block digests only (LocalAwsConfig.keepBlockData is false)"));
    return new Block(data, digest);
  }

  /** The blocks of {@code secondId} that differ from {@code firstId} (every block if null). */
  List<ChangedBlock> changedBlocks(String regionName, String firstId, String secondId, int startIndex) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      Snapshot second = readable(region, secondId);
      NavigableMap<Integer, BlockStore> secondBlocks = effectiveStores(second);
      NavigableMap<Integer, BlockStore> firstBlocks = new TreeMap<>();
      if (firstId != null) {
        Snapshot first = readable(region, firstId);
        if (first.lineage().stream().noneMatch(second.lineage()::contains)) {
          throw validation("UNRELATED_SNAPSHOTS",
              "The snapshots " + firstId + " and " + secondId + " are not of the same lineage");
        }
        firstBlocks = effectiveStores(first);
      }
      List<ChangedBlock> changed = new ArrayList<>();
      for (Map.Entry<Integer, BlockStore> entry : secondBlocks.tailMap(startIndex, true).entrySet()) {
        int index = entry.getKey();
        BlockStore before = firstBlocks.get(index);
        if (before != null && Arrays.equals(before.digest(index), entry.getValue().digest(index))) {
          continue;
        }
        changed.add(new ChangedBlock(index, before == null ? null : blockToken(before, index),
            blockToken(entry.getValue(), index)));
      }
      return changed;
    }
  }

  /** A snapshot by id for the EBS direct APIs. */
  Snapshot ebsSnapshot(Region region, String snapshotId) {
    Snapshot snapshot = region.snapshots.get(snapshotId);
    if (snapshot == null) {
      throw new ApiError(404, "ResourceNotFoundException",
          "The snapshot '" + snapshotId + "' does not exist.", "SNAPSHOT_NOT_FOUND");
    }
    return snapshot;
  }

  /** A snapshot by id for EC2. */
  static Snapshot ec2Snapshot(Region region, String snapshotId) {
    Snapshot snapshot = region.snapshots.get(snapshotId);
    if (snapshot == null) {
      Ec2Errors.wellFormed(snapshotId, "snap", "InvalidSnapshotID.Malformed", "");
      throw Ec2Errors.snapshotNotFound(snapshotId);
    }
    return snapshot;
  }

  /** EC2 DeleteSnapshot: refused while an AMI uses it. */
  void delete(String regionName, String snapshotId) {
    Region region = cloud.region(regionName);
    synchronized (region) {
      Snapshot snapshot = ec2Snapshot(region, snapshotId);
      Optional<Image> user = region.images.values().stream()
          .filter(image -> image.spec().snapshotIds().contains(snapshotId))
          .findFirst();
      if (user.isPresent()) {
        throw ApiError.badRequest("InvalidSnapshot.InUse", "The snapshot " + snapshotId
            + " is currently in use by " + user.get().id());
      }
      remove(region, snapshot);
    }
  }

  /** Removes a snapshot; the caller holds the region's lock and checked it may go. */
  void remove(Region region, Snapshot snapshot) {
    region.snapshots.remove(snapshot.id());
    snapshot.release();
    cloud.log().record(region.name(), ResourceKind.SNAPSHOT, snapshot.id(),
        ResourceEvent.Change.DELETED, describe(snapshot));
  }

  /**
   * The snapshot an AMI copy makes in its destination, sharing the source's blocks; the caller
   * holds the destination's lock and has already retained {@code source}'s lineage for it.
   */
  Snapshot copyInto(Region destination, Snapshot source, String sourceRegion,
      String destinationImageId, String sourceImageId, Instant completesAt) {
    Instant now = cloud.now();
    String description = "Copied for DestinationAmi " + destinationImageId + " from SourceAmi "
        + sourceImageId + " for SourceSnapshot " + source.id() + ". Task created on "
        + now.toEpochMilli() + ".";
    Snapshot copy = new Snapshot(Ids.next("snap"), cloud.config().accountId(),
        source.volumeSizeGiB(), description, null, source.encrypted(), source.kmsKeyArn(), now,
        null, null, source.lineage(), completesAt);
    destination.snapshots.put(copy.id(), copy);
    cloud.log().record(destination.name(), ResourceKind.SNAPSHOT, copy.id(),
        ResourceEvent.Change.CREATED, "copy of " + sourceRegion + "/" + source.id());
    return copy;
  }

  static String describe(Snapshot snapshot) {
    return snapshot.volumeSizeGiB() + " GiB"
        + (snapshot.description() == null ? "" : ", " + snapshot.description());
  }

  private void writable(Snapshot snapshot, Instant now) {
    String status = snapshot.status(now);
    if (status.equals("error")) {
      throw validation("WRITE_REQUEST_TIMEOUT", "The snapshot " + snapshot.id()
          + " was not completed within its timeout and is in the error state");
    }
    if (snapshot.own().isEmpty() || snapshot.completion() != null) {
      throw validation("INVALID_SNAPSHOT_ID", "The snapshot " + snapshot.id()
          + " is " + (snapshot.completion() != null ? "already completed" : "not open for writing"));
    }
  }

  /** Only completed snapshots are read: a pending one's blocks may still change. */
  private Snapshot readable(Region region, String snapshotId) {
    Snapshot snapshot = ebsSnapshot(region, snapshotId);
    if (!snapshot.status(cloud.now()).equals("completed")) {
      throw validation("INVALID_SNAPSHOT_ID", "The snapshot " + snapshotId
          + " is " + snapshot.status(cloud.now()) + "; only completed snapshots can be read");
    }
    return snapshot;
  }

  /** For each block index, the store that holds the block the snapshot reads there. */
  private static NavigableMap<Integer, BlockStore> effectiveStores(Snapshot snapshot) {
    NavigableMap<Integer, BlockStore> stores = new TreeMap<>();
    List<BlockStore> lineage = snapshot.lineage();
    for (int i = lineage.size() - 1; i >= 0; i--) {
      BlockStore store = lineage.get(i);
      store.digests().keySet().forEach(index -> stores.put(index, store));
    }
    return stores;
  }

  private static String blockToken(BlockStore store, int index) {
    return Base64.getEncoder().encodeToString(
        (store.id() + ":" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static String fingerprint(Start request) {
    return Objects.hash(request.volumeSize(), request.parentSnapshotId(), request.tags(),
        request.description(), request.encrypted(), request.kmsKeyArn(), request.timeoutMinutes())
        + "";
  }

  static ApiError validation(String reason, String message) {
    return new ApiError(400, "ValidationException", message, reason);
  }
}
