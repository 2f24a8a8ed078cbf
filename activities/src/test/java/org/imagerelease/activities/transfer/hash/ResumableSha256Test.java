package org.imagerelease.activities.transfer.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.imagerelease.activities.transfer.TestImages;
import org.imagerelease.activities.transfer.nativelib.SkipWithoutLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Holds for both compression functions: Java's and OpenSSL libcrypto's. */
class ResumableSha256Test {

  enum Compressions {
    JAVA,
    OPENSSL;

    /** The function; OpenSSL's is skipped, saying why, only where libcrypto cannot be used. */
    Sha256Compression function() {
      if (this == JAVA) {
        return new JavaSha256Compression();
      }
      return SkipWithoutLibrary.nativeOnly(Sha256Compressions.CHOICE);
    }
  }

  @ParameterizedTest
  @EnumSource(Compressions.class)
  void matchesPublishedTestVectors(Compressions compression) {
    Sha256Compression function = compression.function();
    assertThat(hexOf("", function)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(hexOf("abc", function)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(hexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", function))
        .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  }

  @ParameterizedTest
  @EnumSource(Compressions.class)
  void matchesMessageDigestForRandomInputsAndSplitPoints(Compressions compression)
      throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      byte[] input = new byte[random.nextInt(round < 150 ? 300 : 20_000)];
      random.nextBytes(input);
      ResumableSha256 sha = new ResumableSha256(compression.function());
      int position = 0;
      while (position < input.length) {
        int length = Math.min(input.length - position, random.nextInt(round % 2 == 0 ? 130 : 9000));
        sha.update(input, position, length);
        position += length;
      }
      assertThat(sha.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(input));
      assertThat(sha.byteCount()).isEqualTo(input.length);
    }
  }

  @ParameterizedTest
  @EnumSource(Compressions.class)
  void hashesMebibytesHandedOverInOneUpdate(Compressions compression) throws Exception {
    byte[] input = new byte[(3 << 20) + 5];
    new Random(17).nextBytes(input);
    ResumableSha256 sha = new ResumableSha256(compression.function());
    sha.update(input, 3, input.length - 3);

    assertThat(sha.digest()).isEqualTo(
        MessageDigest.getInstance("SHA-256").digest(TestImages.slice(input, 3, input.length)));
  }

  @ParameterizedTest
  @EnumSource(Compressions.class)
  void continuesFromASavedStateAtAnySplitPoint(Compressions compression) throws Exception {
    Random random = new Random(11);
    byte[] input = new byte[5_000];
    random.nextBytes(input);
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(input);
    for (int split = 0; split <= input.length; split += 1 + random.nextInt(97)) {
      ResumableSha256 first = new ResumableSha256(compression.function());
      first.update(input, 0, split);
      String state = first.saveState();

      ResumableSha256 second = ResumableSha256.restore(state, compression.function());
      second.update(input, split, input.length - split);

      assertThat(second.digest()).as("split at %d", split).isEqualTo(expected);
      assertThat(state.length()).isLessThanOrEqualTo(208);
    }
  }

  @Test
  void continuesAStateTheOtherFunctionSaved() throws Exception {
    Sha256Compression java = Compressions.JAVA.function();
    Sha256Compression openssl = Compressions.OPENSSL.function();
    byte[] input = new byte[100_000];
    new Random(13).nextBytes(input);
    ResumableSha256 byJava = new ResumableSha256(java);
    byJava.update(input, 0, 40_007);
    ResumableSha256 byOpenssl = ResumableSha256.restore(byJava.saveState(), openssl);
    byOpenssl.update(input, 40_007, 30_000);
    ResumableSha256 byJavaAgain = ResumableSha256.restore(byOpenssl.saveState(), java);
    byJavaAgain.update(input, 70_007, input.length - 70_007);

    assertThat(byJavaAgain.digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(input));
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

  private static String hexOf(String text, Sha256Compression function) {
    ResumableSha256 sha = new ResumableSha256(function);
    sha.update(text.getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(sha.digest());
  }
}
