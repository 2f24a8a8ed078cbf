package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.OptionalLong;
import org.imagerelease.activities.transfer.Block;
import org.imagerelease.activities.transfer.ImageShape;
import org.imagerelease.activities.transfer.TransferSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bench's cloud sink and its server: what EBS checks of an upload, checked here too. */
class SnapshotUploadTest {
  private static final int BLOCK = SnapshotUploadServer.BLOCK_SIZE;
  private static final long BLOCKS = 6;

  private final SnapshotUploadServer server = startServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void blocksSentOutOfOrderCompleteWithTheLinearChecksumTheServerComputed() throws Exception {
    SnapshotUploadSink sink = new SnapshotUploadSink(server.baseUri());
    sink.begin(freshShape());

    accept(sink, 3);
    sink.skipZero(1);
    accept(sink, 0);
    sink.skipZero(4);
    accept(sink, 5);
    accept(sink, 2);
    sink.complete(summary());

    assertThat(sink.blocksSent()).isEqualTo(4);
    assertThat(server.blocksReceived()).isEqualTo(4);
  }

  @Test
  void aResumedSinkGoesOnWithTheSameSnapshotAndChecksum() throws Exception {
    SnapshotUploadSink first = new SnapshotUploadSink(server.baseUri());
    first.begin(freshShape());
    accept(first, 0);
    first.skipZero(1);
    accept(first, 3);
    String state = first.checkpoint();

    SnapshotUploadSink resumed = new SnapshotUploadSink(server.baseUri());
    boolean continuing = resumed.begin(new ImageShape(BLOCK, OptionalLong.of(BLOCKS * BLOCK), state));
    accept(resumed, 2);
    resumed.skipZero(4);
    accept(resumed, 5);
    resumed.complete(summary());

    assertThat(continuing).isTrue();
    assertThat(server.blocksReceived()).isEqualTo(4);
  }

  @Test
  void aBlockThatDoesNotMatchItsChecksumIsRefused() throws Exception {
    SnapshotUploadSink sink = new SnapshotUploadSink(server.baseUri());
    sink.begin(freshShape());
    byte[] bytes = blockOf(7);
    byte[] otherDigest = MessageDigest.getInstance("SHA-256").digest(blockOf(8));

    assertThatThrownBy(() -> sink.accept(new Block(0, bytes, BLOCK, otherDigest)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("PutSnapshotBlock 0")
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("does not match its checksum");
    assertThat(server.blocksReceived()).isZero();
  }

  @Test
  void asksForEbsBlocksWithDigestsAndTheSizeUpFront() {
    SnapshotUploadSink sink = new SnapshotUploadSink(server.baseUri());

    assertThat(sink.needs().blockSize()).isEqualTo(512 * 1024);
    assertThat(sink.needs().blockDigests()).isTrue();
    assertThat(sink.needs().decodedSizeUpFront()).isTrue();
  }

  private static void accept(SnapshotUploadSink sink, long index) throws Exception {
    byte[] bytes = blockOf((int) index + 1);
    sink.accept(new Block(index, bytes, BLOCK, MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  private static byte[] blockOf(int value) {
    byte[] bytes = new byte[BLOCK];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  private static ImageShape freshShape() {
    return new ImageShape(BLOCK, OptionalLong.of(BLOCKS * BLOCK), null);
  }

  private static TransferSummary summary() {
    return new TransferSummary(BLOCKS * BLOCK, BLOCKS, 4, 2, 1, "0".repeat(64));
  }

  private static SnapshotUploadServer startServer() {
    try {
      return SnapshotUploadServer.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
