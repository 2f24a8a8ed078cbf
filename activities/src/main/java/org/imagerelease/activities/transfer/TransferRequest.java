package org.imagerelease.activities.transfer;

import java.net.URI;
import java.util.OptionalLong;

/**
 * One image to move from its source into a sink.
 *
 * @param source http(s) or file URI of the image file
 * @param target release target, for progress reports and messages
 * @param location destination location, for progress reports and messages
 * @param imageName file name, for progress reports and messages
 * @param expectedSize declared size in bytes of the source file (productmd {@code size})
 * @param expectedSha256 declared lower-case hex SHA-256 of the source file
 * @param compression how the source is decoded before it is cut into blocks
 * @param resumeFrom the checkpoint of an earlier attempt, or null to start afresh
 * @param declaredDecodedSize the decoded image's size where something other than the file says
 *     it (an image spec); empty to learn it from the file, when a sink needs it up front
 */
public record TransferRequest(
    URI source,
    String target,
    String location,
    String imageName,
    long expectedSize,
    String expectedSha256,
    Compression compression,
    TransferCheckpoint resumeFrom,
    OptionalLong declaredDecodedSize) {

  public TransferRequest {
    declaredDecodedSize = declaredDecodedSize == null ? OptionalLong.empty() : declaredDecodedSize;
  }

  /** A request whose decoded size, if needed, is learnt from the file. */
  public TransferRequest(
      URI source,
      String target,
      String location,
      String imageName,
      long expectedSize,
      String expectedSha256,
      Compression compression,
      TransferCheckpoint resumeFrom) {
    this(source, target, location, imageName, expectedSize, expectedSha256, compression, resumeFrom, OptionalLong.empty());
  }

  /** The same request, continuing from this checkpoint (null: afresh). */
  public TransferRequest resumingFrom(TransferCheckpoint checkpoint) {
    return new TransferRequest(
        source, target, location, imageName, expectedSize, expectedSha256, compression, checkpoint, declaredDecodedSize);
  }
}
