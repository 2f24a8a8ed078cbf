package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The LINEAR aggregate folded out of order, across resumes, in a state that fits a heartbeat. */
class LinearChecksumTest {
  private static final long BLOCKS = 500;

  @Test
  void foldsToTheSha256OfEverySentBlocksDigestInIndexOrder() throws Exception {
    LinearChecksum checksum = new LinearChecksum();
    List<Long> order = shuffledWithinWindow(BLOCKS, 16, new Random(1));
    order.forEach(index -> arrive(checksum, index));

    LinearChecksum.Result result = checksum.finish(BLOCKS);

    assertThat(result.base64()).isEqualTo(expected(BLOCKS));
    assertThat(result.blocksSent()).isEqualTo(LongStream.range(0, BLOCKS).filter(i -> !isZero(i)).count());
  }

  @Test
  void aResumeFromAnyCheckpointGivesTheSameAggregateEvenWhenBlocksComeAgain() throws Exception {
    Random random = new Random(2);
    List<Long> order = shuffledWithinWindow(BLOCKS, 32, random);
    LinearChecksum checksum = new LinearChecksum();
    for (int i = 0; i < order.size(); i++) {
      arrive(checksum, order.get(i));
      if (random.nextInt(40) == 0) {
        String state = checksum.state();
        checksum = LinearChecksum.restore(state);
        // A resumed upload sends again what the checkpoint did not name done: some of the last.
        for (int back = Math.max(0, i - random.nextInt(8)); back <= i; back++) {
          arrive(checksum, order.get(back));
        }
      }
    }

    assertThat(checksum.finish(BLOCKS).base64()).isEqualTo(expected(BLOCKS));
  }

  @Test
  void theStateOfADense64GibImageSentByManyThreadsStaysAFewKilobytes() {
    long blocks = (64L << 30) / (512 * 1024);
    LinearChecksum checksum = new LinearChecksum();
    byte[] digest = new byte[32];
    int largest = 0;
    List<Long> order = shuffledWithinWindow(blocks, 64, new Random(3));
    for (int i = 0; i < order.size(); i++) {
      digest[0] = (byte) i;
      checksum.add(order.get(i), digest);
      if (i % 997 == 0) {
        largest = Math.max(largest, checksum.state().length());
      }
    }

    System.out.printf("linear checksum state: at most %d characters while %d blocks arrived, 64 in flight%n", largest, blocks);
    assertThat(largest).isLessThan(8 * 1024);
    assertThat(checksum.finish(blocks).blocksSent()).isEqualTo(blocks);
  }

  @Test
  void aMissingBlockIsNeverCompletedOver() {
    LinearChecksum checksum = new LinearChecksum();
    arrive(checksum, 0);
    arrive(checksum, 2);

    assertThatThrownBy(() -> checksum.finish(3)).isInstanceOf(IllegalStateException.class).hasMessageContaining("up to 1 of 3");
  }

  @Test
  void aStateThatIsNotOursIsRefused() {
    assertThatThrownBy(() -> LinearChecksum.restore("mirror-part:v1:0badc0de"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not a linear checksum state");
  }

  private static void arrive(LinearChecksum checksum, long index) {
    if (isZero(index)) {
      checksum.skip(index);
    } else {
      checksum.add(index, digestOf(index));
    }
  }

  /** Every seventh block is all zero, as sparse disk images have runs of. */
  private static boolean isZero(long index) {
    return index % 7 == 3;
  }

  private static byte[] digestOf(long index) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(("block " + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String expected(long blocks) throws Exception {
    MessageDigest linear = MessageDigest.getInstance("SHA-256");
    for (long index = 0; index < blocks; index++) {
      if (!isZero(index)) {
        linear.update(digestOf(index));
      }
    }
    return Base64.getEncoder().encodeToString(linear.digest());
  }

  /** Block numbers in the order parallel senders finish them: each at most {@code window} early. */
  private static List<Long> shuffledWithinWindow(long blocks, int window, Random random) {
    List<Long> order = new ArrayList<>();
    for (long start = 0; start < blocks; start += window) {
      List<Long> chunk = new ArrayList<>();
      for (long i = start; i < Math.min(blocks, start + window); i++) {
        chunk.add(i);
      }
      Collections.shuffle(chunk, random);
      order.addAll(chunk);
    }
    return order;
  }
}
