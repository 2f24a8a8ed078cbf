package org.imagerelease.activities.transfer.xz;

/**
 * One block of an .xz file, as its stream's index describes it.
 *
 * @param number block number in the file, counting over all concatenated streams
 * @param compressedOffset where the block header starts in the file
 * @param unpaddedSize block header, compressed data and check, without the block padding
 * @param decodedOffset where the block's output starts in the decoded image
 * @param decodedSize how many bytes the block decodes to
 * @param checkType the stream's integrity check ID (0 none, 1 CRC32, 4 CRC64, 10 SHA-256)
 */
public record XzBlock(
    int number,
    long compressedOffset,
    long unpaddedSize,
    long decodedOffset,
    long decodedSize,
    int checkType) {

  /** Bytes the block occupies in the file: the unpadded size rounded up to four. */
  public long paddedSize() {
    return (unpaddedSize + 3) & ~3L;
  }

  public long compressedEnd() {
    return compressedOffset + paddedSize();
  }

  public long decodedEnd() {
    return decodedOffset + decodedSize;
  }
}
