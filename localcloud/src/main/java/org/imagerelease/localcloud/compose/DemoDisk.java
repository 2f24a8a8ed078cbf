package org.imagerelease.localcloud.compose;

import org.imagerelease.localcloud.disk.DiskImageSpec;

/**
 * The disk inside one arch's Cloud images, for checking what a target received.
 *
 * @param arch the architecture
 * @param virtualSize bytes of the raw disk (what raw.xz, and tar.gz's disk.raw, decode to)
 * @param dataBytes non-zero bytes in it; the rest is zeros
 * @param rawSha256 hex SHA-256 of the raw disk
 * @param vhdSha256 hex SHA-256 of the fixed VHD (raw disk plus 512-byte footer) vhdfixed.xz decodes to
 * @param spec how to write the same disk again with {@code DiskImageWriter}
 */
public record DemoDisk(
    String arch,
    long virtualSize,
    long dataBytes,
    String rawSha256,
    String vhdSha256,
    DiskImageSpec spec) {}
