package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.assertFailsWith;
import static org.imagerelease.activities.transfer.StreamingImageTransferTest.request;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32;
import org.imagerelease.activities.compose.ComposeSources;
import org.imagerelease.activities.transfer.pipeline.BlockRanges;
import org.imagerelease.activities.transfer.xz.TestXzDecoders;
import org.imagerelease.localcloud.http.ServedRequest;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole transfers of .xz images hold alike with xz-java and with liblzma decoding. */
class XzDecodingTransferTest {

  private static final int BLOCK = 64 * 1024;
  private static final byte[] IMAGE = TestImages.sparseImage(3 * 1024 * 1024 + 4_321, 3);
  /** xz blocks of 100,003 bytes: most sink blocks straddle two or more xz blocks. */
  private static final byte[] MULTI_BLOCK = TestImages.xzWithBlocksOf(IMAGE, 100_003);
  @RegisterExtension static final LoopbackMirror server = LoopbackMirror.forTestClass();

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void decodesAMultiBlockFileInParallelToTheImage(TestXzDecoders decoder) throws IOException {
    URI uri = server.serve("/multi-" + decoder + ".raw.xz", MULTI_BLOCK);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    TransferSummary summary = transfer(decoder, request(uri, MULTI_BLOCK, Compression.XZ), sink,
        RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
    assertThat(summary.blocksZero()).isEqualTo(TestImages.zeroBlocks(IMAGE, BLOCK));
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(MULTI_BLOCK));
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void decodesASingleBlockFileAsOneStreamToTheImage(TestXzDecoders decoder) throws IOException {
    byte[] file = TestImages.concat(TestImages.xzSingleBlock(IMAGE), new byte[4]);
    URI uri = server.serve("/single-" + decoder + ".raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    transfer(decoder, request(uri, file, Compression.XZ), sink, RecordingListener.recording());

    assertThat(sink.image(IMAGE.length)).isEqualTo(IMAGE);
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void reportsDamagedCompressedDataAsCorrupt(TestXzDecoders decoder) {
    byte[] file = MULTI_BLOCK.clone();
    file[file.length / 2] ^= 0x5a;
    URI uri = server.serve("/damaged-" + decoder + ".raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "damaged-" + decoder,
        () -> transfer(decoder, request(uri, file, Compression.XZ), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void reportsATruncatedFileAsCorrupt(TestXzDecoders decoder) {
    byte[] whole = TestImages.xzSingleBlock(IMAGE);
    byte[] truncated = TestImages.slice(whole, 0, whole.length / 2);
    URI uri = server.serve("/truncated-" + decoder + ".raw.xz", truncated);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "truncated-" + decoder,
        () -> transfer(decoder, request(uri, truncated, Compression.XZ), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void reportsABlockDecodingToMoreThanItsIndexRecordsAsCorrupt(TestXzDecoders decoder) {
    byte[] file = withRecordedDecodedSize(MULTI_BLOCK, 5, 100_003 - 3);
    URI uri = server.serve("/longer-" + decoder + ".raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length);

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "longer-" + decoder,
        () -> transfer(decoder, request(uri, file, Compression.XZ), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void reportsABlockDecodingToLessThanItsIndexRecordsAsCorrupt(TestXzDecoders decoder) {
    byte[] file = withRecordedDecodedSize(MULTI_BLOCK, 5, 100_003 + 3);
    URI uri = server.serve("/shorter-" + decoder + ".raw.xz", file);
    AssemblingSink sink = new AssemblingSink(IMAGE.length + 3);

    assertFailsWith(ReleaseFailureTypes.CORRUPT_ARCHIVE, "shorter-" + decoder,
        () -> transfer(decoder, request(uri, file, Compression.XZ), sink,
            RecordingListener.recording()));
    assertThat(sink.completions()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestXzDecoders.class)
  void resumesFromTheCheckpointWithoutResendingDoneBlocks(TestXzDecoders decoder)
      throws IOException {
    byte[] image = TestImages.denseImage(3 * 1024 * 1024 + 777, BLOCK, 5);
    byte[] file = TestImages.xzWithBlocksOf(image, 200_000);
    URI uri = server.serve("/resume-" + decoder + ".raw.xz", file);
    AssemblingSink sink = new AssemblingSink(image.length);
    sink.holdAfter(6);
    RecordingListener cancelling = RecordingListener.cancellingOnceAccepted(6);
    catchThrowable(() -> transfer(decoder, request(uri, file, Compression.XZ), sink, cancelling));
    TransferCheckpoint checkpoint = cancelling.last();
    List<Long> acceptedBefore = List.copyOf(sink.accepted());

    server.forgetRequests();
    sink.release();
    TransferSummary summary = transfer(decoder, withResume(request(uri, file, Compression.XZ),
        checkpoint), sink, RecordingListener.recording());

    BlockRanges done = BlockRanges.parse(checkpoint.resume().doneBlocks());
    assertThat(done.size()).isPositive();
    assertThat(sink.accepted().subList(acceptedBefore.size(), sink.accepted().size()))
        .isNotEmpty()
        .noneMatch(done::contains);
    assertThat(sink.image(image.length)).isEqualTo(image);
    assertThat(sink.completions()).isEqualTo(1);
    assertThat(server.requests()).extracting(ServedRequest::range)
        .contains("bytes=" + checkpoint.resume().hashedBytes() + "-");
    assertThat(summary.compressedSha256()).isEqualTo(TestImages.sha256(file));
  }

  private static TransferSummary transfer(TestXzDecoders decoder, TransferRequest request,
      BlockSink sink, CheckpointListener listener) throws IOException {
    return new StreamingImageTransfer(new TestSettings().build(), ComposeSources.anywhere(), decoder.decoder())
        .run(request, sink, listener);
  }

  private static TransferRequest withResume(TransferRequest request, TransferCheckpoint from) {
    return new TransferRequest(request.source(), request.target(), request.location(),
        request.imageName(), request.expectedSize(), request.expectedSha256(),
        request.compression(), from);
  }

  /**
   * {@code file} (one .xz stream) whose index records {@code decodedSize} for block {@code
   * number}, with a valid index CRC32: a file whose index lies, as a crafted bomb's would.
   * The new size must take as many bytes as the old one in the index's variable-length coding.
   */
  private static byte[] withRecordedDecodedSize(byte[] file, int number, long decodedSize) {
    ByteBuffer footer = ByteBuffer.wrap(file, file.length - 12, 12).order(ByteOrder.LITTLE_ENDIAN);
    int indexSize = (footer.getInt(file.length - 8) + 1) * 4;
    int indexStart = file.length - 12 - indexSize;
    int[] at = {indexStart + 1};
    long records = readVariableLength(file, at);
    assertThat(records).isGreaterThan(number);
    for (int record = 0; record < number; record++) {
      readVariableLength(file, at);
      readVariableLength(file, at);
    }
    readVariableLength(file, at);
    int sizeStart = at[0];
    readVariableLength(file, at);
    byte[] newSize = variableLength(decodedSize);
    assertThat(newSize).hasSize(at[0] - sizeStart);
    byte[] lying = file.clone();
    System.arraycopy(newSize, 0, lying, sizeStart, newSize.length);
    CRC32 crc = new CRC32();
    crc.update(lying, indexStart, indexSize - 4);
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(indexStart + indexSize - 4, (int) crc.getValue());
    return lying;
  }

  private static long readVariableLength(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = bytes[at[0]++] & 0xff;
      value |= (long) (b & 0x7f) << shift;
      if (b < 0x80) {
        return value;
      }
    }
  }

  private static byte[] variableLength(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rest = value;
    while (rest >= 0x80) {
      out.write((int) (rest & 0x7f) | 0x80);
      rest >>>= 7;
    }
    out.write((int) rest);
    return out.toByteArray();
  }
}
