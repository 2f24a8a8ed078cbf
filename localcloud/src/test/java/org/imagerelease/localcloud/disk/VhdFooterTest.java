package org.imagerelease.localcloud.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.imagerelease.localcloud.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VhdFooterTest {
  private static final Instant CREATED = Instant.parse("2026-11-24T06:00:00Z");
  private static final UUID ID = UUID.fromString("e4e4534b-523f-6644-acc1-888cfb9ff3e1");

  @Test
  void describesAFixedDiskOfTheGivenSizeWithAValidChecksum(@TempDir Path dir) throws Exception {
    long size = 5L << 30;
    byte[] footer = VhdFooter.fixed(size, CREATED, ID);
    ByteBuffer fields = ByteBuffer.wrap(footer);

    assertThat(new String(footer, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("conectix");
    assertThat(fields.getLong(16)).isEqualTo(-1L);
    assertThat(fields.getInt(24)).isEqualTo((int) (CREATED.getEpochSecond() - 946684800L));
    assertThat(fields.getLong(40)).isEqualTo(size);
    assertThat(fields.getLong(48)).isEqualTo(size);
    assertThat(fields.getInt(60)).isEqualTo(2);
    assertThat(fields.getInt(64)).isEqualTo(VhdFooter.checksum(footer));
    // 5 GiB: 10485760 sectors, past 16 heads x 31 sectors x 1024 cylinders, so 63 sectors/track.
    assertThat(fields.getInt(56)).isEqualTo((10402 << 16) | (16 << 8) | 63);
    Path file = Files.write(dir.resolve("footer"), footer);
    ExternalTool.run("file", "-b", file.toString()).ifPresent(result ->
        assertThat(result.output()).contains("Microsoft Disk Image", "5368709120 bytes"));
  }

  @Test
  void changingAnyByteBreaksTheChecksum() {
    byte[] footer = VhdFooter.fixed(64L << 20, CREATED, ID);
    int stored = ByteBuffer.wrap(footer).getInt(64);
    footer[100] ^= 1;

    assertThat(VhdFooter.checksum(footer)).isNotEqualTo(stored);
  }

  @Test
  void refusesSizesAzureRejects() {
    assertThatThrownBy(() -> VhdFooter.fixed((64L << 20) + 512, CREATED, ID))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of MiB");
  }
}
