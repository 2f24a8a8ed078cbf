package org.imagerelease.activities.transfer.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.Compression;
import org.imagerelease.activities.transfer.TransferRequest;
import org.imagerelease.activities.transfer.source.ImageSource;
import org.imagerelease.activities.transfer.source.SourceBody;
import org.imagerelease.activities.transfer.xz.XzBlock;
import org.imagerelease.activities.transfer.xz.XzDecoder;
import org.imagerelease.activities.transfer.xz.XzLayout;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoded image's last bytes, read before the sink creates anything (a VHD's footer says
 * whether the image can be released at all): a ranged read of an uncompressed file, or the last
 * xz block(s) fetched and decoded apart, which the xz index locates. Other formats cannot reach
 * their end without decoding everything, so a sink that needs the tail refuses them here.
 */
final class DecodedTail {
  private static final Logger log = LoggerFactory.getLogger(DecodedTail.class);
  /** Above this much compressed input for the tail, the log says the file was built as one xz block. */
  private static final long COSTLY_TAIL_BYTES = 64L << 20;

  private DecodedTail() {}

  /**
   * The last {@code length} bytes of the decoded image of {@code decodedSize} bytes (all of it
   * when smaller).
   */
  static byte[] read(
      TransferRequest request, ImageSource source, Optional<XzLayout> layout, XzDecoder xzDecoder, long decodedSize, int length)
      throws IOException {
    int wanted = (int) Math.min(length, decodedSize);
    long start = decodedSize - wanted;
    if (request.compression() == Compression.NONE) {
      return range(source, start, decodedSize, request);
    }
    if (request.compression() == Compression.XZ && layout.isPresent()) {
      return fromXzBlocks(request, source, layout.get(), xzDecoder, start, wanted);
    }
    throw new ReleaseException(
        ReleaseFailureTypes.UNSUPPORTED_IMAGE,
        "Target " + request.target() + " must see the end of image " + request.imageName()
            + " before it creates anything, which a " + request.compression() + " file"
            + (request.compression() == Compression.XZ ? " whose index cannot be read (its source serves no byte ranges)" : "")
            + " does not allow without decoding all of it; publish it as xz, served with Range support");
  }

  private static byte[] fromXzBlocks(
      TransferRequest request, ImageSource source, XzLayout layout, XzDecoder xzDecoder, long start, int wanted) throws IOException {
    List<XzBlock> covering = layout.blocks().stream().filter(b -> b.decodedEnd() > start && b.decodedSize() > 0).toList();
    long compressed = covering.stream().mapToLong(XzBlock::paddedSize).sum();
    if (compressed > COSTLY_TAIL_BYTES) {
      log.warn(
          "Reading the end of image {} decodes {} compressed bytes ({} xz block(s)) before the transfer: the file was written"
              + " with few large xz blocks; xz -T0 writes smaller ones",
          request.imageName(), compressed, covering.size());
    }
    byte[] tail = new byte[wanted];
    int filled = 0;
    for (XzBlock block : covering) {
      SourceBody body = source.open(block.compressedOffset(), block.compressedEnd());
      try (InputStream decoded =
          DecodedInputStream.open(
              () -> xzDecoder.block(block, new Limited(skippedTo(body, block.compressedOffset()), block.paddedSize())),
              request.imageName(),
              "xz block " + block.number() + " at byte " + block.compressedOffset())) {
        long skip = Math.max(0, start - block.decodedOffset());
        decoded.skipNBytes(skip);
        int part = (int) Math.min(wanted - filled, block.decodedSize() - skip);
        int read = decoded.readNBytes(tail, filled, part);
        if (read != part) {
          throw new ReleaseException(
              ReleaseFailureTypes.CORRUPT_ARCHIVE,
              "Image " + request.imageName() + ": xz block " + block.number() + " decodes to less than its index records");
        }
        filled += part;
      } finally {
        body.disconnect().run();
      }
    }
    return filled == wanted ? tail : Arrays.copyOf(tail, filled);
  }

  /** The body positioned at {@code offset}, skipping there when the source served the whole file. */
  private static InputStream skippedTo(SourceBody body, long offset) throws IOException {
    if (!body.ranged()) {
      body.stream().skipNBytes(offset);
    }
    return body.stream();
  }

  /** The next {@code length} bytes of a stream: a source may serve more than the range asked for. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long length) {
      super(in);
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  private static byte[] range(ImageSource source, long start, long end, TransferRequest request) throws IOException {
    SourceBody body = source.open(start, end);
    try {
      InputStream in = skippedTo(body, start);
      byte[] tail = in.readNBytes((int) (end - start));
      if (tail.length != end - start) {
        throw new IOException("Image " + request.imageName() + " ended before its last " + (end - start) + " bytes were read");
      }
      return tail;
    } finally {
      body.disconnect().run();
    }
  }
}
