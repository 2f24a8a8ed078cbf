package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.OptionalLong;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.source.SourceBody;
import org.imagerelease.activities.transfer.xz.XzLayout;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * The decoded image's size, learnt before decoding and without a temporary copy, and where it
 * was read (one more ranged read only when a sink needs it): a size the request declares, the file's own size when it is not compressed, the xz
 * index, the gzip trailer of a file small enough that its 32-bit size field cannot have wrapped,
 * or the zstd frame header. The transfer checks the decoded bytes against it, so a file that
 * lied (a second gzip member, a second zstd frame) fails before its sink completes.
 *
 * @param bytes the decoded size
 * @param source where it was read, for messages
 */
record DecodedSize(long bytes, String source) {

  /**
   * Deflate expands at most about 1032 times, so below this compressed size the gzip trailer's
   * size modulo 2^32 is the size itself.
   */
  static final long GZIP_TRAILER_EXACT_BELOW = (1L << 32) / 1032;

  private static final int ZSTD_MAGIC = 0xFD2FB528;
  private static final int ZSTD_LONGEST_HEADER = 18;

  /**
   * The size where something already at hand says it: a declared size, the size of a file that
   * is not compressed, the xz index the transfer reads anyway. Empty otherwise.
   */
  static Optional<DecodedSize> atHand(TransferRequest request, Optional<XzLayout> xzLayout) {
    if (request.declaredDecodedSize().isPresent()) {
      return Optional.of(new DecodedSize(request.declaredDecodedSize().getAsLong(), "declared size"));
    }
    return switch (request.compression()) {
      case NONE -> Optional.of(new DecodedSize(request.expectedSize(), "file size"));
      case XZ -> xzLayout.map(layout -> new DecodedSize(layout.decodedSize(), "xz index"));
      case GZIP, ZSTD -> Optional.empty();
    };
  }

  /**
   * As {@link #upFront}, for a sink that creates its destination with the size: without it the
   * transfer fails here, before the sink made anything, saying what would help.
   */
  static DecodedSize required(TransferRequest request, ImageSource source, Optional<XzLayout> xzLayout) throws IOException {
    Optional<DecodedSize> known = atHand(request, xzLayout);
    if (known.isEmpty() && request.compression() == Compression.GZIP) {
      known = gzipTrailer(request, source);
    } else if (known.isEmpty() && request.compression() == Compression.ZSTD) {
      known = zstdFrameHeader(request, source);
    }
    return known
        .orElseThrow(
            () ->
                new ReleaseException(
                    ReleaseFailureTypes.UNSUPPORTED_IMAGE,
                    "Cannot tell the decoded size of image " + request.imageName() + " (" + request.compression()
                        + ", " + request.expectedSize() + " bytes) without decoding it, and target " + request.target()
                        + " must create its destination with that size: " + whyUnknown(request.compression())));
  }

  static OptionalLong bytesOf(Optional<DecodedSize> size) {
    return size.map(s -> OptionalLong.of(s.bytes())).orElse(OptionalLong.empty());
  }

  private static String whyUnknown(Compression compression) {
    return switch (compression) {
      case XZ -> "its source serves no byte ranges, so the xz index at the file's end cannot be read;"
          + " serve the compose over HTTP with Range support";
      case GZIP -> "gzip records the size only modulo 4 GiB, which is exact only for files under "
          + GZIP_TRAILER_EXACT_BELOW + " bytes, or its source serves no byte ranges; publish it as xz";
      case ZSTD -> "its zstd frame header does not record the content size; compress with the size recorded"
          + " (zstd does so for files) or publish it as xz";
      case NONE -> "the file's size is not known";
    };
  }

  private static Optional<DecodedSize> gzipTrailer(TransferRequest request, ImageSource source) throws IOException {
    if (request.expectedSize() < 18 || request.expectedSize() >= GZIP_TRAILER_EXACT_BELOW) {
      return Optional.empty();
    }
    return range(source, request.expectedSize() - 4, 4, request.expectedSize())
        .map(trailer -> new DecodedSize(Integer.toUnsignedLong(ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).getInt()), "gzip trailer"));
  }

  /** The content size field of the first frame, when the header has one (RFC 8878, 3.1.1.1). */
  private static Optional<DecodedSize> zstdFrameHeader(TransferRequest request, ImageSource source) throws IOException {
    int length = (int) Math.min(ZSTD_LONGEST_HEADER, request.expectedSize());
    return range(source, 0, length, request.expectedSize()).flatMap(DecodedSize::zstdContentSize);
  }

  static Optional<DecodedSize> zstdContentSize(byte[] header) {
    ByteBuffer bytes = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (header.length < 6 || bytes.getInt(0) != ZSTD_MAGIC) {
      return Optional.empty();
    }
    int descriptor = header[4] & 0xff;
    int sizeFlag = descriptor >>> 6;
    boolean singleSegment = (descriptor & 0x20) != 0;
    int dictionaryIdBytes = new int[] {0, 1, 2, 4}[descriptor & 0x3];
    int sizeBytes = sizeFlag == 0 ? (singleSegment ? 1 : 0) : 1 << sizeFlag;
    int at = 5 + (singleSegment ? 0 : 1) + dictionaryIdBytes;
    if (sizeBytes == 0 || at + sizeBytes > header.length) {
      return Optional.empty();
    }
    long size =
        switch (sizeBytes) {
          case 1 -> header[at] & 0xff;
          case 2 -> (bytes.getShort(at) & 0xffff) + 256;
          case 4 -> Integer.toUnsignedLong(bytes.getInt(at));
          default -> bytes.getLong(at);
        };
    return size < 0 ? Optional.empty() : Optional.of(new DecodedSize(size, "zstd frame header"));
  }

  /** {@code length} bytes at {@code offset}, when the source serves that range of this file. */
  private static Optional<byte[]> range(ImageSource source, long offset, int length, long fileSize) throws IOException {
    SourceBody body = source.open(offset, offset + length);
    try {
      if ((offset > 0 && !body.ranged()) || (body.fileSize() >= 0 && body.fileSize() != fileSize)) {
        body.disconnect().run();
        return Optional.empty();
      }
      byte[] read = body.stream().readNBytes(length);
      if (offset == 0 && !body.ranged()) {
        // The whole file came: the header is read, the rest dropped.
        body.disconnect().run();
      } else {
        body.closeQuietly();
      }
      return read.length == length ? Optional.of(read) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      body.disconnect().run();
      throw e;
    }
  }
}
