package org.imagerelease.localcloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.ebs.EbsAsyncClient;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChangedBlock;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.ConflictException;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.RequestThrottledException;
import software.amazon.awssdk.services.ebs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.Status;
import software.amazon.awssdk.services.ebs.model.Tag;
import software.amazon.awssdk.services.ebs.model.ValidationException;
import software.amazon.awssdk.services.ebs.model.ValidationExceptionReason;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/** The EBS direct APIs of {@link LocalAws}, through the AWS SDK's EbsClient. */
class LocalAwsEbsTest {
  private static final String REGION = "eu-west-1";

  private LocalAws aws;
  private LocalAwsClients clients;
  private EbsClient ebs;
  private Ec2Client ec2;

  @BeforeEach
  void start() {
    clients = LocalAwsClients.start(LocalAwsConfig.everyDelay(Duration.ofMillis(30)));
    aws = clients.aws();
    ebs = clients.ebsWithoutRetries(REGION);
    ec2 = clients.ec2(REGION);
  }

  @AfterEach
  void stop() {
    clients.close();
  }

  @Test
  void wholeUploadWithBlockChecksumsAndLinearAggregateCompletesTheSnapshot() {
    StartSnapshotResponse started = ebs.startSnapshot(b -> b.volumeSize(1L).timeout(60)
        .description("Fedora-Cloud-Base 42").clientToken("release-1-x86_64")
        .tags(Tag.builder().key("ComposeId").value("Fedora-42-20261207.n.0").build()));
    assertThat(started.status()).isEqualTo(Status.PENDING);
    assertThat(started.blockSize()).isEqualTo(SnapshotBlocks.SIZE);
    assertThat(started.volumeSize()).isEqualTo(1L);

    SnapshotBlocks blocks = new SnapshotBlocks();
    // Out of order, as parallel uploads arrive; the aggregate is over ascending block indexes.
    for (int index : new int[] {7, 0, 2047, 5}) {
      byte[] block = blocks.add(index);
      var put = ebs.putSnapshotBlock(b -> b.snapshotId(started.snapshotId()).blockIndex(index)
          .dataLength(SnapshotBlocks.SIZE).checksum(SnapshotBlocks.checksum(block))
          .checksumAlgorithm(ChecksumAlgorithm.SHA256).progress(50), RequestBody.fromBytes(block));
      assertThat(put.checksum()).isEqualTo(SnapshotBlocks.checksum(block));
    }
    CompleteSnapshotResponse completed = ebs.completeSnapshot(b -> b.snapshotId(started.snapshotId())
        .changedBlocksCount(4).checksum(blocks.linearAggregate())
        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
        .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
    assertThat(completed.status()).isIn(Status.PENDING, Status.COMPLETED);

    LocalAwsClients.await("snapshot completed", () ->
        describe(started.snapshotId()).state() == SnapshotState.COMPLETED);
    Snapshot described = describe(started.snapshotId());
    assertThat(described.volumeSize()).isEqualTo(1);
    assertThat(described.description()).isEqualTo("Fedora-Cloud-Base 42");
    assertThat(described.progress()).isEqualTo("100%");
    assertThat(described.tags()).extracting(t -> t.key() + "=" + t.value())
        .containsExactly("ComposeId=Fedora-42-20261207.n.0");

    List<Block> listed = ebs.listSnapshotBlocks(b -> b.snapshotId(started.snapshotId())).blocks();
    assertThat(listed).extracting(Block::blockIndex).containsExactly(0, 5, 7, 2047);
    Block seventh = listed.get(2);
    ResponseBytes<GetSnapshotBlockResponse> read = ebs.getSnapshotBlockAsBytes(b -> b
        .snapshotId(started.snapshotId()).blockIndex(7).blockToken(seventh.blockToken()));
    assertThat(read.asByteArray()).isEqualTo(blocks.blocks().get(7));
    assertThat(read.response().checksum()).isEqualTo(SnapshotBlocks.checksum(blocks.blocks().get(7)));
    assertThat(read.response().dataLength()).isEqualTo(SnapshotBlocks.SIZE);
  }

  @Test
  void manyBlocksInFlightThroughTheAsyncClientAllArrive() {
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    SnapshotBlocks blocks = new SnapshotBlocks();
    try (EbsAsyncClient async = EbsAsyncClient.builder().endpointOverride(aws.endpoint())
        .region(software.amazon.awssdk.regions.Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64))
        .build()) {
      List<CompletableFuture<?>> puts = new ArrayList<>();
      for (int index = 0; index < 128; index++) {
        byte[] block = blocks.add(index);
        int blockIndex = index;
        puts.add(async.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(blockIndex)
            .dataLength(SnapshotBlocks.SIZE).checksum(SnapshotBlocks.checksum(block))
            .checksumAlgorithm(ChecksumAlgorithm.SHA256), AsyncRequestBody.fromBytes(block)));
      }
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).join();
      async.completeSnapshot(b -> b.snapshotId(snapshotId).changedBlocksCount(128)
          .checksum(blocks.linearAggregate()).checksumAlgorithm(ChecksumAlgorithm.SHA256)
          .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR)).join();
    }
    LocalAwsClients.await("completed", () -> describe(snapshotId).state() == SnapshotState.COMPLETED);
    assertThat(aws.callCount("PutSnapshotBlock")).isEqualTo(128);
  }

  @Test
  void blockWhoseChecksumDoesNotMatchIsRefused() {
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    byte[] block = new SnapshotBlocks().add(0);
    byte[] other = new SnapshotBlocks().add(1);
    assertThatThrownBy(() -> put(snapshotId, 0, block, SnapshotBlocks.checksum(other)))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.reason()).isEqualTo(ValidationExceptionReason.INVALID_BLOCK);
          assertThat(e.statusCode()).isEqualTo(400);
        });
  }

  @Test
  void completionChecksTheBlockCountAndTheLinearAggregate() {
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    SnapshotBlocks blocks = new SnapshotBlocks();
    for (int index : new int[] {3, 1}) {
      byte[] block = blocks.add(index);
      put(snapshotId, index, block, SnapshotBlocks.checksum(block));
    }
    // The aggregate over the hex or Base64 text of the digests is what the docs' wording
    // suggests; AWS (and coldsnap) use the raw digests.
    String overText = SnapshotBlocks.checksum((SnapshotBlocks.checksum(blocks.blocks().get(1))
        + SnapshotBlocks.checksum(blocks.blocks().get(3))).getBytes());
    assertThatThrownBy(() -> complete(snapshotId, 2, overText))
        .isInstanceOf(ValidationException.class).hasMessageContaining("LINEAR");
    assertThatThrownBy(() -> complete(snapshotId, 3, blocks.linearAggregate()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("ChangedBlocksCount");

    complete(snapshotId, 2, blocks.linearAggregate());
    // A retried completion (its answer lost) is answered again; a different one is refused.
    complete(snapshotId, 2, blocks.linearAggregate());
    assertThatThrownBy(() -> complete(snapshotId, 1, blocks.linearAggregate()))
        .isInstanceOf(ValidationException.class);
    LocalAwsClients.await("completed", () -> describe(snapshotId).state() == SnapshotState.COMPLETED);
  }

  @Test
  void clientTokenReturnsTheSameSnapshotAndConflictsWhenTheParametersDiffer() {
    StartSnapshotResponse first = ebs.startSnapshot(b -> b.volumeSize(2L).clientToken("token-1")
        .description("a"));
    StartSnapshotResponse again = ebs.startSnapshot(b -> b.volumeSize(2L).clientToken("token-1")
        .description("a"));
    assertThat(again.snapshotId()).isEqualTo(first.snapshotId());
    assertThatThrownBy(() -> ebs.startSnapshot(b -> b.volumeSize(3L).clientToken("token-1")
        .description("a")))
        .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
    assertThat(aws.inventory().of(ResourceKind.SNAPSHOT)).hasSize(1);
  }

  @Test
  void snapshotNotCompletedWithinItsTimeoutGoesToError() {
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L).timeout(10)).snapshotId();
    byte[] block = new SnapshotBlocks().add(0);
    put(snapshotId, 0, block, SnapshotBlocks.checksum(block));

    aws.advanceClock(Duration.ofMinutes(11));

    assertThat(describe(snapshotId).state()).isEqualTo(SnapshotState.ERROR);
    assertThatThrownBy(() -> put(snapshotId, 1, block, SnapshotBlocks.checksum(block)))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.reason()).isEqualTo(ValidationExceptionReason.WRITE_REQUEST_TIMEOUT));
    assertThatThrownBy(() -> ebs.startSnapshot(b -> b.volumeSize(1L).timeout(5)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void blocksBeyondTheVolumeSizeAreRefused() {
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    byte[] block = new SnapshotBlocks().add(0);
    put(snapshotId, 2047, block, SnapshotBlocks.checksum(block));
    assertThatThrownBy(() -> put(snapshotId, 2048, block, SnapshotBlocks.checksum(block)))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.getMessage()).contains("beyond the volume size"));
    assertThatThrownBy(() -> ebs.startSnapshot(b -> b.volumeSize(65537L)))
        .isInstanceOfSatisfying(ValidationException.class, e ->
            assertThat(e.reason()).isEqualTo(ValidationExceptionReason.INVALID_VOLUME_SIZE));
    assertThatThrownBy(() -> put("snap-0123456789abcdef0", 0, block, SnapshotBlocks.checksum(block)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void putsBeyondThePerSnapshotRateAreThrottled() {
    aws.reconfigure(config -> config.withQuotas(config.quotas().withPutSnapshotBlockPerSecond(2)));
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    byte[] block = new SnapshotBlocks().add(0);
    put(snapshotId, 0, block, SnapshotBlocks.checksum(block));
    put(snapshotId, 1, block, SnapshotBlocks.checksum(block));
    assertThatThrownBy(() -> {
      for (int index = 2; index < 10; index++) {
        put(snapshotId, index, block, SnapshotBlocks.checksum(block));
      }
    }).isInstanceOfSatisfying(RequestThrottledException.class,
        e -> assertThat(e.isThrottlingException()).isTrue());
    assertThat(aws.errorCount("PutSnapshotBlock", "RequestThrottledException"))
        .as("every put but the two the quota let through, retries included")
        .isPositive()
        .isEqualTo(aws.callCount("PutSnapshotBlock") - 2);
  }

  @Test
  void childSnapshotReadsItsParentsBlocksAndListsWhatChanged() {
    SnapshotBlocks parentBlocks = new SnapshotBlocks();
    String parent = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
    for (int index : new int[] {0, 1}) {
      byte[] block = parentBlocks.add(index);
      put(parent, index, block, SnapshotBlocks.checksum(block));
    }
    complete(parent, 2, parentBlocks.linearAggregate());
    LocalAwsClients.await("parent completed", () -> describe(parent).state() == SnapshotState.COMPLETED);

    String child = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent)).snapshotId();
    SnapshotBlocks childBlocks = new SnapshotBlocks();
    byte[] changed = childBlocks.add(9);
    put(child, 1, changed, SnapshotBlocks.checksum(changed));
    complete(child, 1, SnapshotBlocks.checksum(SnapshotBlocks.sha256(changed)));
    LocalAwsClients.await("child completed", () -> describe(child).state() == SnapshotState.COMPLETED);

    assertThat(ebs.listSnapshotBlocks(b -> b.snapshotId(child)).blocks())
        .extracting(Block::blockIndex).containsExactly(0, 1);
    List<ChangedBlock> diff = ebs.listChangedBlocks(b -> b.firstSnapshotId(parent)
        .secondSnapshotId(child)).changedBlocks();
    assertThat(diff).extracting(ChangedBlock::blockIndex).containsExactly(1);
    assertThat(diff.get(0).firstBlockToken()).isNotNull();
  }

  @Test
  void inventoryLogsTheSnapshotsMadeAndDeleted() {
    String snapshotId = ebs.startSnapshot(b -> b.volumeSize(1L).description("to go")).snapshotId();
    ec2.deleteSnapshot(b -> b.snapshotId(snapshotId));

    Inventory inventory = aws.inventory();
    assertThat(inventory.live()).isEmpty();
    assertThat(inventory.events()).extracting(ResourceEvent::change, ResourceEvent::id)
        .containsExactly(
            tuple(ResourceEvent.Change.CREATED, snapshotId),
            tuple(ResourceEvent.Change.DELETED, snapshotId));
    assertThat(inventory.events().get(0).region()).isEqualTo(REGION);
  }

  private void put(String snapshotId, int index, byte[] block, String checksum) {
    ebs.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(index)
        .dataLength(SnapshotBlocks.SIZE).checksum(checksum)
        .checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(block));
  }

  private void complete(String snapshotId, int count, String aggregate) {
    ebs.completeSnapshot(b -> b.snapshotId(snapshotId).changedBlocksCount(count).checksum(aggregate)
        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
        .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
  }

  private Snapshot describe(String snapshotId) {
    return ec2.describeSnapshots(b -> b.snapshotIds(snapshotId).ownerIds("self")).snapshots().get(0);
  }
}
