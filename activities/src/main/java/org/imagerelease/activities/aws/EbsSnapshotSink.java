package org.imagerelease.activities.aws;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.BlockSink;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.LinearChecksum;
import org.imagerelease.activities.transfer.SinkNeeds;
import org.imagerelease.activities.transfer.TransferSummary;
import org.imagerelease.workflows.model.ImageAtLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.Tag;
import software.amazon.awssdk.services.ebs.model.ValidationException;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * Writes the image into a new EBS snapshot with the EBS direct APIs: no helper instance, no S3,
 * no temporary disk. Every non-zero 512 KiB block is put with its SHA-256, many at once; the
 * snapshot is completed with the number of blocks and their LINEAR aggregate, which the pipeline
 * asks for only after the download matched its checksum.
 *
 * <p>It resumes: its state is the snapshot id, the upload's generation and the running
 * aggregate ({@link LinearChecksum}), so a retried attempt puts the blocks the checkpoint lacks
 * into the same snapshot and no other. A snapshot that failed or timed out is deleted and the
 * next generation starts a new one; a StartSnapshot retried after a crash gets the same
 * snapshot back, by its ClientToken.
 */
final class EbsSnapshotSink implements BlockSink {
  static final int BLOCK_SIZE = 512 * 1024;
  private static final String STATE_PREFIX = "ebs:v1:";
  /** Sent for zero blocks when they are sent at all; only ever read. */
  private static final byte[] ZERO_BLOCK = new byte[BLOCK_SIZE];
  private static final long GIB = 1L << 30;
  /** EBS may not know a snapshot for a moment after StartSnapshot returned it. */
  private static final List<Duration> NOT_YET_THERE = List.of(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
  private static final Logger log = LoggerFactory.getLogger(EbsSnapshotSink.class);

  private final EbsClient ebs;
  private final Snapshots snapshots;
  private final ImageAtLocation ref;
  private final AwsConfig config;
  private final byte[] zeroBlockDigest;
  private volatile String snapshotId;
  private volatile int generation;
  private volatile LinearChecksum linear = new LinearChecksum();

  EbsSnapshotSink(EbsClient ebs, Snapshots snapshots, ImageAtLocation ref, AwsConfig config) {
    this.ebs = ebs;
    this.snapshots = snapshots;
    this.ref = ref;
    this.config = config;
    this.zeroBlockDigest = sha256(ZERO_BLOCK);
  }

  @Override
  public SinkNeeds needs() {
    return new SinkNeeds(BLOCK_SIZE, true, true, config.upload().parallelism());
  }

  @Override
  public boolean begin(ImageShape shape) throws IOException {
    long volumeGib = Math.max(1, (shape.decodedSize().orElseThrow() + GIB - 1) / GIB);
    Optional<SinkState> checkpointed = shape.resumed() ? SinkState.parse(shape.resumeState()) : Optional.empty();
    if (checkpointed.isPresent()) {
      Optional<Snapshot> snapshot = snapshots.find(checkpointed.get().snapshotId());
      if (snapshot.isPresent() && snapshot.get().state() == SnapshotState.PENDING) {
        snapshotId = checkpointed.get().snapshotId();
        generation = checkpointed.get().generation();
        linear = LinearChecksum.restore(checkpointed.get().linear());
        log.info("Resuming the upload of {} into snapshot {} in {}", ref.imageName(), snapshotId, ref.location());
        return true;
      }
      log.warn(
          "Snapshot {} of {} in {} is {}; starting a new one",
          checkpointed.get().snapshotId(), ref.imageName(), ref.location(), snapshot.map(s -> s.stateAsString()).orElse("gone"));
    }
    startOrAdopt(volumeGib);
    return false;
  }

  /** The newest snapshot of this image if it still takes blocks, else a new one of the next generation. */
  private void startOrAdopt(long volumeGib) {
    int next = 0;
    for (Snapshot existing : snapshots.of(ref)) {
      if (existing.state() == SnapshotState.PENDING && Snapshots.generationOf(existing) >= next) {
        snapshotId = existing.snapshotId();
        generation = Snapshots.generationOf(existing);
        linear = new LinearChecksum();
        log.info("Uploading {} again into its unfinished snapshot {} in {}", ref.imageName(), snapshotId, ref.location());
        return;
      }
      if (existing.state() == SnapshotState.ERROR) {
        log.warn("Deleting failed snapshot {} of {} in {}", existing.snapshotId(), ref.imageName(), ref.location());
        snapshots.delete(existing.snapshotId());
      }
      next = Math.max(next, Snapshots.generationOf(existing) + 1);
    }
    generation = next;
    linear = new LinearChecksum();
    try {
      snapshotId =
          ebs.startSnapshot(
                  b ->
                      b.volumeSize(volumeGib)
                          .clientToken(AwsNames.clientToken("snapshot", ref, generation))
                          .timeout((int) config.upload().snapshotTimeout().toMinutes())
                          .description(ref.imageName() + " of " + ref.composeId())
                          .tags(tags()))
              .snapshotId();
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Starting a snapshot of " + ref.imageName() + " in " + ref.location());
    }
    log.info("Started snapshot {} ({} GiB) of {} in {}", snapshotId, volumeGib, ref.imageName(), ref.location());
  }

  @Override
  public void accept(Block block) throws IOException {
    put(block.index(), block.bytes(), block.sha256());
    linear.add(block.index(), block.sha256());
  }

  @Override
  public void skipZero(long index) throws IOException {
    if (config.upload().sendZeroBlocks()) {
      put(index, ZERO_BLOCK, zeroBlockDigest);
      linear.add(index, zeroBlockDigest);
    } else {
      linear.skip(index);
    }
  }

  private void put(long index, byte[] bytes, byte[] sha256) throws IOException {
    String checksum = Base64.getEncoder().encodeToString(sha256);
    for (int attempt = 0; ; attempt++) {
      try {
        ebs.putSnapshotBlock(
            b ->
                b.snapshotId(snapshotId)
                    .blockIndex((int) index)
                    .dataLength(BLOCK_SIZE)
                    .checksum(checksum)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256),
            // The block as it is: RequestBody.fromBytes would copy it, a 512 KiB allocation per put that
            // G1 makes humongous. The bytes stay untouched until this call returns (the pipeline reuses
            // them only after accept), and a retry reads them again from the start.
            RequestBody.fromContentProvider(
                ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length, "application/octet-stream"));
        return;
      } catch (ResourceNotFoundException e) {
        if (attempt >= NOT_YET_THERE.size()) {
          throw new IOException("Snapshot " + snapshotId + " in " + ref.location() + " is gone: " + e.getMessage(), e);
        }
        pause(NOT_YET_THERE.get(attempt));
      } catch (AwsServiceException e) {
        throw AwsErrors.classify(e, "Putting block " + index + " of " + ref.imageName() + " into snapshot " + snapshotId + " in " + ref.location());
      }
    }
  }

  @Override
  public String checkpoint() {
    return STATE_PREFIX + snapshotId + ":" + generation + ":" + linear.state();
  }

  @Override
  public void complete(TransferSummary summary) throws IOException {
    LinearChecksum.Result aggregate = linear.finish(summary.blockCount());
    try {
      ebs.completeSnapshot(
          b ->
              b.snapshotId(snapshotId)
                  .changedBlocksCount((int) aggregate.blocksSent())
                  .checksum(aggregate.base64())
                  .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                  .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
    } catch (ValidationException e) {
      // The blocks EBS holds are not the ones counted: never complete over them. The next
      // attempt starts a new snapshot.
      snapshots.delete(snapshotId);
      throw new IOException(
          "EBS refused to complete snapshot " + snapshotId + " of " + ref.imageName() + " in " + ref.location()
              + " (" + e.awsErrorDetails().errorMessage() + "); it was deleted and the upload starts over",
          e);
    } catch (AwsServiceException e) {
      throw AwsErrors.classify(e, "Completing snapshot " + snapshotId + " of " + ref.imageName() + " in " + ref.location());
    }
    log.info(
        "Completed snapshot {} of {} in {}: {} blocks sent of {}",
        snapshotId, ref.imageName(), ref.location(), aggregate.blocksSent(), summary.blockCount());
  }

  String snapshotId() {
    return snapshotId;
  }

  private List<Tag> tags() {
    Map<String, String> tags = AwsNames.tags(ref, config.tags());
    tags.put(Snapshots.GENERATION, Integer.toString(generation));
    return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
  }

  private static void pause(Duration duration) throws InterruptedIOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a new snapshot to appear");
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** {@code ebs:v1:<snapshot id>:<generation>:<linear checksum state>}. */
  record SinkState(String snapshotId, int generation, String linear) {
    static Optional<SinkState> parse(String state) {
      if (state == null || !state.startsWith(STATE_PREFIX)) {
        return Optional.empty();
      }
      String[] parts = state.substring(STATE_PREFIX.length()).split(":", 3);
      if (parts.length != 3 || !parts[0].startsWith("snap-") || !parts[1].matches("\\d{1,6}")) {
        return Optional.empty();
      }
      return Optional.of(new SinkState(parts[0], Integer.parseInt(parts[1]), parts[2]));
    }
  }
}
