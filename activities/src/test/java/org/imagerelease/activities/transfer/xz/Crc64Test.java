package org.imagerelease.activities.transfer.xz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.check.CRC64;

class Crc64Test {

  @Test
  void matchesTheCheckXzWritesForRandomInputsAndSplitPoints() {
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      byte[] input = new byte[random.nextInt(5000)];
      random.nextBytes(input);
      Crc64 ours = new Crc64();
      int position = 0;
      while (position < input.length) {
        int length = Math.min(input.length - position, random.nextInt(70));
        ours.update(input, position, length);
        position += length;
      }
      assertThat(ours.value()).isEqualTo(xzJavaCrc64(input));
    }
  }

  @Test
  void foldsZeroRunsToTheSameValueAsReadingThem() {
    Random random = new Random(4);
    for (int round = 0; round < 100; round++) {
      byte[] head = new byte[random.nextInt(300)];
      random.nextBytes(head);
      int zeros = round < 50 ? random.nextInt(2000) : random.nextInt(3 << 20);
      byte[] whole = new byte[head.length + zeros];
      System.arraycopy(head, 0, whole, 0, head.length);

      Crc64 folded = new Crc64();
      folded.update(head, 0, head.length);
      folded.updateZeros(zeros);

      assertThat(folded.value()).as("%d zeros after %d bytes", zeros, head.length)
          .isEqualTo(xzJavaCrc64(whole));
    }
  }

  private static long xzJavaCrc64(byte[] input) {
    CRC64 reference = new CRC64();
    reference.update(input, 0, input.length);
    return ByteBuffer.wrap(reference.finish()).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
