package org.imagerelease.activities.transfer.xz;

import java.io.IOException;
import java.io.InputStream;

/**
 * Decodes .xz with the system's liblzma, which also verifies every integrity check (so the CRC64
 * pass of the xz-java path is not needed here). Each decoder has its own native state, so blocks
 * decode on as many threads as there are.
 */
final class NativeXzDecoder implements XzDecoder {

  private final NativeLzma lzma;

  NativeXzDecoder(NativeLzma lzma) {
    this.lzma = lzma;
  }

  @Override
  public InputStream block(XzBlock block, InputStream blockBytes) throws IOException {
    return new NativeXzInputStream(lzma, XzBlockFrame.around(block, blockBytes), MEMORY_LIMIT, 0);
  }

  @Override
  public InputStream file(InputStream compressed) throws IOException {
    return new NativeXzInputStream(
        lzma, compressed, MEMORY_LIMIT, NativeLzma.LZMA_CONCATENATED);
  }

  @Override
  public String name() {
    return "liblzma " + lzma.version();
  }
}
