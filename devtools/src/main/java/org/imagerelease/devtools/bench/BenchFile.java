package org.imagerelease.devtools.bench;

import org.imagerelease.localcloud.bench.CompressedImage;

/**
 * One compressed benchmark file as the cache records it.
 *
 * @param layout multi-block or single-block
 * @param fileName its name in the cache directory
 * @param size bytes of the .xz file
 * @param sha256 hex SHA-256 of the .xz file
 * @param decodedSize bytes it decodes to
 * @param decodedSha256 hex SHA-256 of the raw image it was made from
 * @param xzBlocks blocks in the file
 * @param tool what compressed it, e.g. {@code xz 5.4.1 -T0 --block-size=4194304 -1}
 * @param compressionSeconds how long compressing took
 */
public record BenchFile(
    XzLayoutKind layout,
    String fileName,
    long size,
    String sha256,
    long decodedSize,
    String decodedSha256,
    int xzBlocks,
    String tool,
    double compressionSeconds) {

  static BenchFile of(XzLayoutKind layout, CompressedImage image) {
    return new BenchFile(layout, image.path().getFileName().toString(), image.size(), image.sha256(),
        image.uncompressedSize(), image.uncompressedSha256(), image.blocks(), image.tool(),
        image.took().toMillis() / 1000.0);
  }
}
