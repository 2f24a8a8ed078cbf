package org.imagerelease.activities.transfer.pipeline;

/**
 * What decoding the whole source produced.
 *
 * @param decodedSize bytes of the decoded image
 * @param sha256 lower-case hex SHA-256 of every source byte
 */
record DecodeResult(long decodedSize, String sha256) {}
