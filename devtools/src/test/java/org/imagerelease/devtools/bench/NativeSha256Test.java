package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NativeSha256Test {

  @Test
  void autoTakesOpensslWhereItIsOnThePathAndSha256sumElsewhere() {
    assertThat(NativeSha256.chosen("auto", true)).isEqualTo(NativeSha256.OPENSSL);
    assertThat(NativeSha256.chosen("auto", false)).isEqualTo(NativeSha256.SHA256SUM);
  }

  @Test
  void aNamedToolIsTakenWhetherOrNotOpensslIsThere() {
    assertThat(NativeSha256.chosen("sha256sum", true)).isEqualTo(NativeSha256.SHA256SUM);
    assertThat(NativeSha256.chosen("OpenSSL", false)).isEqualTo(NativeSha256.OPENSSL);
    assertThat(NativeSha256.OPENSSL.command()).isEqualTo("openssl dgst -sha256 -r");
  }

  @Test
  void anyOtherNameIsRefused() {
    assertThatThrownBy(() -> NativeSha256.chosen("md5sum", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("md5sum");
  }
}
