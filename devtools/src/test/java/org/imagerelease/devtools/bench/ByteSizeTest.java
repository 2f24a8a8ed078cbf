package org.imagerelease.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeTest {
  private static final long MIB = 1L << 20;

  @Test
  void readsBinaryUnitsHoweverTheyAreSpelled() {
    assertThat(ByteSize.parse("512MiB")).isEqualTo(512 * MIB);
    assertThat(ByteSize.parse("1GiB")).isEqualTo(1024 * MIB);
    assertThat(ByteSize.parse("4G")).isEqualTo(4096 * MIB);
    assertThat(ByteSize.parse("4gb")).isEqualTo(4096 * MIB);
    assertThat(ByteSize.parse("1.5GiB")).isEqualTo(1536 * MIB);
    assertThat(ByteSize.parse("64k")).isEqualTo(64 * 1024);
    assertThat(ByteSize.parse("4096")).isEqualTo(4096);
  }

  @Test
  void refusesWhatIsNotASize() {
    assertThatThrownBy(() -> ByteSize.parse("big")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'big' is not a size");
    assertThatThrownBy(() -> ByteSize.parse("4 PiB")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void writesSizesAsTheOptionsTakeThem() {
    assertThat(ByteSize.format(4096 * MIB)).isEqualTo("4GiB");
    assertThat(ByteSize.format(512 * MIB)).isEqualTo("512MiB");
    assertThat(ByteSize.format(1536 * MIB)).isEqualTo("1.5GiB");
    assertThat(ByteSize.format(1000)).isEqualTo("1000B");
    assertThat(ByteSize.parse(ByteSize.format(24 * MIB))).isEqualTo(24 * MIB);
  }
}
