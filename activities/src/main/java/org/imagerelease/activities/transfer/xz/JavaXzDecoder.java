package org.imagerelease.activities.transfer.xz;

import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZInputStream;

/** Decodes .xz with xz-java: pure Java, so it works wherever the transfer runs. */
final class JavaXzDecoder implements XzDecoder {

  private static final int MEMORY_LIMIT_KIB = (int) (MEMORY_LIMIT >> 10);

  @Override
  public InputStream block(XzBlock block, InputStream blockBytes) throws IOException {
    if (block.checkType() != XZ.CHECK_CRC64) {
      return new SingleXZInputStream(
          XzBlockFrame.around(block, blockBytes),
          MEMORY_LIMIT_KIB,
          true,
          BasicArrayCache.getInstance());
    }
    // CRC64, what xz writes by default, is verified by a faster check of our own.
    TailKeepingInputStream checkedBytes = new TailKeepingInputStream(blockBytes);
    InputStream decoder =
        new SingleXZInputStream(
            XzBlockFrame.around(block, checkedBytes),
            MEMORY_LIMIT_KIB,
            false,
            BasicArrayCache.getInstance());
    return new Crc64VerifyingInputStream(
        decoder, checkedBytes::lastEightBytes, "xz block " + block.number());
  }

  @Override
  public InputStream file(InputStream compressed) throws IOException {
    return new XZInputStream(compressed, MEMORY_LIMIT_KIB, true, BasicArrayCache.getInstance());
  }

  @Override
  public String name() {
    return "xz-java";
  }
}
