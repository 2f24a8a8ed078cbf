package org.imagerelease.localcloud.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An .xz file made by {@link ImageCompressor}.
 *
 * @param path the .xz file
 * @param size its size in bytes
 * @param sha256 lower-case hex SHA-256 of the .xz file (what images.json would list)
 * @param uncompressedSize bytes it decodes to
 * @param uncompressedSha256 hex SHA-256 of the decoded bytes (the raw image)
 * @param streams xz streams in the file
 * @param blocks xz blocks in the file; 1 means it can only be decoded sequentially
 * @param encoder which implementation made it
 * @param tool the command or settings used, e.g. {@code xz 5.4.1 -T0 --block-size=4194304 -1}
 * @param took how long compressing took
 */
public record CompressedImage(
    Path path,
    long size,
    String sha256,
    long uncompressedSize,
    String uncompressedSha256,
    int streams,
    int blocks,
    ImageCompressor.Encoder encoder,
    String tool,
    Duration took) {}
