package org.imagerelease.activities.transfer.pipeline;

/**
 * What decoding the whole source produced.
 *
 * @param decodedSize bytes of the decoded image
 * @param sha256 lower-case hex SHA-256 of every source byte
 * @param decodedSha256 lower-case hex SHA-256 of the decoded image when it was asked for, else empty
 */
record DecodeResult(long decodedSize, String sha256, String decodedSha256) {

  DecodeResult(long decodedSize, String sha256) {
    this(decodedSize, sha256, "");
  }
}
