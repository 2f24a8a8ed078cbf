package org.imagerelease.activities.transfer;

import java.net.URI;

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
 */
public record TransferRequest(
    URI source,
    String target,
    String location,
    String imageName,
    long expectedSize,
    String expectedSha256,
    Compression compression,
    TransferCheckpoint resumeFrom) {}
