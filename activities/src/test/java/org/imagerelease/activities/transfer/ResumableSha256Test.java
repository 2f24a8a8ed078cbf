package org.imagerelease.activities.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumableSha256Test {

  @Test
  void matchesPublishedTestVectors() {
    assertThat(hexOf("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(hexOf("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @Test
  void matchesMessageDigestForRandomInputsAndSplitPoints() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      byte[] input = new byte[random.nextInt(round < 150 ? 300 : 20_000)];
      random.nextBytes(input);
      ResumableSha256 sha = new ResumableSha256();
      int position = 0;
      while (position < input.length) {
        int length = Math.min(input.length - position, random.nextInt(130));
        sha.update(input, position, length);
        position += length;
      }
      assertThat(sha.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(input));
      assertThat(sha.byteCount()).isEqualTo(input.length);
    }
  }

  @Test
  void continuesFromASavedStateAtAnySplitPoint() throws Exception {
    Random random = new Random(11);
    byte[] input = new byte[5_000];
    random.nextBytes(input);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(input);
    for (int split = 0; split <= input.length; split += 1 + random.nextInt(97)) {
      ResumableSha256 first = new ResumableSha256();
      first.update(input, 0, split);
      String state = first.saveState();

      ResumableSha256 second = ResumableSha256.restore(state);
      second.update(input, split, input.length - split);

      assertThat(second.digest()).as("split at %d", split).isEqualTo(expected);
      assertThat(state.length()).isLessThanOrEqualTo(208);
    }
  }

  @Test
  void digestLeavesTheRunningStateUntouched() throws Exception {
    ResumableSha256 sha = new ResumableSha256();
    sha.update("hello ".getBytes(StandardCharsets.US_ASCII));
    sha.digest();
    sha.update("world".getBytes(StandardCharsets.US_ASCII));
    assertThat(sha.digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest("hello world".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void rejectsAStateThatIsNotOne() {
    assertThatThrownBy(() -> ResumableSha256.restore("md5:1:00"))
        .isInstanceOf(IllegalArgumentException.class);
    String inconsistent = "sha256:3:" + "0".repeat(64) + ":00";
    assertThatThrownBy(() -> ResumableSha256.restore(inconsistent))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String hexOf(String text) {
    ResumableSha256 sha = new ResumableSha256();
    sha.update(text.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(sha.digest());
  }
}
