package org.imagerelease.activities.transfer;

/**
 * What a finished transfer saw, over all attempts.
 *
 * @param decodedSize bytes of the decoded image
 * @param blockCount blocks in the decoded image (the last may be partial)
 * @param blocksWritten non-zero blocks accepted by the sink, over all attempts
 * @param blocksZero all-zero blocks never handed to the sink
 * @param compressedSize bytes read from the source, which equals the declared size
 * @param compressedSha256 lower-case hex SHA-256 of the source bytes, verified against the metadata
 * @param decodedSha256 lower-case hex SHA-256 of the decoded image, when the sink asked for it
 *     ({@link SinkNeeds#decodedSha256()}); empty otherwise
 */
public record TransferSummary(
    long decodedSize,
    long blockCount,
    long blocksWritten,
    long blocksZero,
    long compressedSize,
    String compressedSha256,
    String decodedSha256) {

  public TransferSummary {
    decodedSha256 = decodedSha256 == null ? "" : decodedSha256;
  }

  /** A summary without the decoded image's hash. */
  public TransferSummary(
      long decodedSize, long blockCount, long blocksWritten, long blocksZero, long compressedSize, String compressedSha256) {
    this(decodedSize, blockCount, blocksWritten, blocksZero, compressedSize, compressedSha256, "");
  }
}
