package org.imagerelease.devtools.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;

/**
 * Reads an EBS snapshot back into a sparse raw disk file with the EBS direct APIs (ListSnapshotBlocks,
 * GetSnapshotBlock), so the demo's test runner tests what AWS holds, not what was sent.
 */
final class SnapshotDisk {
  private final URI endpoint;

  /** @param endpoint the AWS endpoint the demo's AWS target uses */
  SnapshotDisk(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** Writes the snapshot's blocks at their places in {@code disk}; returns the disk's size. */
  long read(String region, String snapshotId, Path disk) throws IOException {
    try (EbsClient ebs = EbsClient.builder().region(Region.of(region)).endpointOverride(endpoint).build();
        FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long end = 0;
      String next = null;
      do {
        String token = next;
        ListSnapshotBlocksResponse page = ebs.listSnapshotBlocks(b -> b.snapshotId(snapshotId).nextToken(token));
        for (Block block : page.blocks()) {
          long offset = (long) block.blockIndex() * page.blockSize();
          try (ResponseInputStream<GetSnapshotBlockResponse> data =
              ebs.getSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(block.blockIndex()).blockToken(block.blockToken()))) {
            end = Math.max(end, offset + write(data, out, offset));
          }
        }
        next = page.nextToken();
      } while (next != null);
      return end;
    }
  }

  private static long write(InputStream data, FileChannel out, long offset) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(data.readAllBytes());
    long written = bytes.remaining();
    long position = offset;
    while (bytes.hasRemaining()) {
      position += out.write(bytes, position);
    }
    return written;
  }
}
