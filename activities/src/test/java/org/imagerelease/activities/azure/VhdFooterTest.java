package org.imagerelease.activities.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;

class VhdFooterTest {
  private static final String IMAGE = "Fedora-Cloud-Base-Azure-41-1.4.x86_64.vhd.xz";
  private static final long VIRTUAL = 64 * VhdFooter.MIB;

  @Test
  void acceptsAFixedDiskOfWholeMebibytes() {
    VhdFooter footer = VhdFooter.check(FixedVhd.footer(VIRTUAL), VIRTUAL + 512, IMAGE);

    assertThat(footer.currentSize()).isEqualTo(VIRTUAL);
    assertThat(footer.diskType()).isEqualTo(VhdFooter.FIXED);
  }

  @Test
  void refusesBytesWithoutTheCookie() {
    byte[] footer = FixedVhd.footer(VIRTUAL);
    footer[0] = 'k';

    assertRefused(footer, VIRTUAL + 512, "no 'conectix' cookie");
  }

  @Test
  void refusesAFooterWhoseChecksumIsWrong() {
    byte[] footer = FixedVhd.footer(VIRTUAL);
    footer[100] ^= 1; // reserved area: only the checksum notices

    assertRefused(footer, VIRTUAL + 512, "checksum is 0x");
  }

  @Test
  void refusesADynamicDisk() {
    byte[] footer = FixedVhd.footer(VIRTUAL);
    ByteBuffer.wrap(footer).putInt(60, 3);

    assertRefused(FixedVhd.withChecksum(footer), VIRTUAL + 512, "a dynamic VHD; Azure takes fixed VHDs only");
  }

  @Test
  void refusesAVirtualSizeThatIsNotWholeMebibytes() {
    long virtual = VIRTUAL + 512;

    assertRefused(FixedVhd.footer(virtual), virtual + 512, "is not a whole number of MiB");
  }

  @Test
  void refusesAFooterThatDisagreesWithTheImageSize() {
    assertRefused(FixedVhd.footer(VIRTUAL), VIRTUAL + VhdFooter.MIB + 512, "says the disk is " + VIRTUAL + " bytes");
  }

  @Test
  void refusesAnImageShorterThanAFooter() {
    assertRefused(new byte[100], 100, "too short");
  }

  private static void assertRefused(byte[] footer, long imageSize, String why) {
    assertThatThrownBy(() -> VhdFooter.check(footer, imageSize, IMAGE))
        .isInstanceOfSatisfying(
            ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.UNSUPPORTED_IMAGE))
        .hasMessageContaining(IMAGE)
        .hasMessageContaining(why);
  }
}
