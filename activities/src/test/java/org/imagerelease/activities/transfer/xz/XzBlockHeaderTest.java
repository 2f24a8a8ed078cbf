package org.imagerelease.activities.transfer.xz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class XzBlockHeaderTest {
  @Test
  void readsTheDictionarySizeOfPresetSix() throws IOException {
    assertThat(XzBlockHeader.dictionarySize(firstBlockHeader(6))).hasValue(8L << 20);
  }

  @Test
  void readsTheDictionarySizeOfPresetNine() throws IOException {
    assertThat(XzBlockHeader.dictionarySize(firstBlockHeader(9))).hasValue(64L << 20);
  }

  @Test
  void anythingElseIsUnknown() {
    assertThat(XzBlockHeader.dictionarySize(new byte[] {0, 0, 0, 0})).isEmpty();
    assertThat(XzBlockHeader.dictionarySize(new byte[] {2, 0, 0x21})).isEmpty();
  }

  /** The bytes after the 12-byte stream header: the first block header, and some of its data. */
  private static byte[] firstBlockHeader(int preset) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (XZOutputStream xz = new XZOutputStream(file, new LZMA2Options(preset))) {
      xz.write(new byte[4096]);
    }
    byte[] bytes = file.toByteArray();
    return Arrays.copyOfRange(bytes, 12, Math.min(bytes.length, 12 + 64));
  }
}
