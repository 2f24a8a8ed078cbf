package org.imagerelease.activities.transfer.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.activities.transfer.TransferSettings;
import org.imagerelease.workflows.ReleaseFailureTypes;

/**
 * Cuts decoded bytes into fixed-size blocks at their place in the image and hands them to the
 * dispatcher. Enforces the bound on the decoded size while streaming, against decompression bombs.
 */
final class BlockCutter {

  private final int blockSize;
  private final long maxDecodedSize;
  private final String sizeSource;
  private final SinkDispatcher dispatcher;
  private final BlockStitcher stitcher;
  private final String imageName;

  /**
   * @param knownSize the size the file said up front, which its decoded bytes must not pass; the
   *     configured bound against decompression bombs otherwise
   */
  BlockCutter(TransferSettings settings, SinkDispatcher dispatcher, String imageName, Optional<DecodedSize> knownSize) {
    this.blockSize = settings.blockSize();
    this.maxDecodedSize = knownSize.map(DecodedSize::bytes).orElse(settings.maxDecodedSize());
    this.sizeSource = knownSize.map(DecodedSize::source).orElse("allowed maximum");
    this.dispatcher = dispatcher;
    this.stitcher = new BlockStitcher(blockSize);
    this.imageName = imageName;
  }

  /** Cuts the whole decoded image from one stream; returns the decoded size. */
  long cutAll(InputStream decoded) throws IOException {
    return cutFrom(decoded, 0);
  }

  /**
   * Cuts the decoded image from block {@code firstIndex} on, which {@code decoded} starts at;
   * returns the decoded size (the blocks before included).
   */
  long cutFrom(InputStream decoded, long firstIndex) throws IOException {
    long decodedSize = firstIndex * blockSize;
    for (long index = firstIndex; ; index++) {
      byte[] buffer = dispatcher.borrowBuffer();
      int length = decoded.readNBytes(buffer, 0, blockSize);
      if (length == 0) {
        dispatcher.recycle(buffer);
        return decodedSize;
      }
      decodedSize += length;
      if (decodedSize > maxDecodedSize) {
        dispatcher.recycle(buffer);
        throw tooLarge();
      }
      Arrays.fill(buffer, length, blockSize, (byte) 0);
      dispatcher.dispatch(index, buffer, length);
      if (length < blockSize) {
        return decodedSize;
      }
    }
  }

  /**
   * Cuts the decoded bytes {@code [start, start + length)} of an image of {@code imageSize} bytes
   * from {@code decoded}, which must then end. Blocks that straddle the range's edges are
   * stitched with their other parts.
   */
  void cutRange(InputStream decoded, long start, long length, long imageSize) throws IOException {
    long end = start + length;
    byte[] scratch = null;
    for (long index = start / blockSize; index * blockSize < end; index++) {
      long blockStart = index * blockSize;
      int blockLength = (int) Math.min(blockSize, imageSize - blockStart);
      long partStart = Math.max(start, blockStart);
      int partLength = (int) (Math.min(end, blockStart + blockLength) - partStart);
      if (dispatcher.alreadyDone(index)) {
        scratch = scratch != null ? scratch : new byte[blockSize];
        readExactly(decoded, scratch, 0, partLength);
      } else if (partLength == blockLength) {
        byte[] buffer = dispatcher.borrowBuffer();
        readExactly(decoded, buffer, 0, blockLength);
        Arrays.fill(buffer, blockLength, blockSize, (byte) 0);
        dispatcher.dispatch(index, buffer, blockLength);
      } else {
        readExactly(decoded, stitcher.bufferFor(index), (int) (partStart - blockStart), partLength);
        byte[] stitched = stitcher.filled(index, partLength, blockLength);
        if (stitched != null) {
          dispatcher.dispatch(index, stitched, blockLength);
        }
      }
    }
    if (decoded.read() >= 0) {
      throw new ReleaseException(
          ReleaseFailureTypes.CORRUPT_ARCHIVE,
          "Image " + imageName + " decodes to more than its xz index records for bytes "
              + start + "-" + end);
    }
  }

  /** Blocks waiting for a part from an xz block not yet decoded. */
  int incompleteBlocks() {
    return stitcher.incompleteBlocks();
  }

  private void readExactly(InputStream decoded, byte[] buffer, int offset, int length)
      throws IOException {
    int read = decoded.readNBytes(buffer, offset, length);
    if (read != length) {
      throw new ReleaseException(
          ReleaseFailureTypes.CORRUPT_ARCHIVE,
          "Image " + imageName + " decodes to less than its xz index records");
    }
  }

  private ReleaseException tooLarge() {
    return new ReleaseException(
        ReleaseFailureTypes.IMAGE_TOO_LARGE,
        "Image " + imageName + " decodes to more than the " + maxDecodedSize + " bytes of its " + sizeSource);
  }
}
