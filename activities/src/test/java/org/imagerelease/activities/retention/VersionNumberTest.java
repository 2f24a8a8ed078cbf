package org.imagerelease.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Azure's version order: three integers compared as numbers, never as text. */
class VersionNumberTest {
  @Test
  void partsCompareAsNumbersSoNineIsOlderThanTen() {
    VersionNumber nine = VersionNumber.parse("41.20241027.9").orElseThrow();
    VersionNumber ten = VersionNumber.parse("41.20241027.10").orElseThrow();

    assertThat(ten).isGreaterThan(nine);
    assertThat("41.20241027.10").as("as text the order would be wrong").isLessThan("41.20241027.9");
  }

  @Test
  void majorOutweighsMinorOutweighsPatch() {
    List<String> sorted = Stream.of("2.0.0", "1.10.0", "1.9.99", "1.9.100", "10.0.0", "1.0.0")
        .map(name -> VersionNumber.parse(name).orElseThrow()).sorted().map(VersionNumber::toString).toList();

    assertThat(sorted).containsExactly("1.0.0", "1.9.99", "1.9.100", "1.10.0", "2.0.0", "10.0.0");
  }

  @Test
  void leadingZerosDoNotChangeTheNumber() {
    assertThat(VersionNumber.parse("041.01.007")).contains(new VersionNumber(41, 1, 7));
  }

  @Test
  void namesThatAreNotThreeNonNegativeIntegersDoNotParse() {
    assertThat(Stream.of("", "latest", "41", "41.1", "41.1.2.3", "-1.2.3", "1.-2.3", "+1.2.3", "1.2.x", " 1.2.3",
        "1.2.3 ", "1..3", "1.2.", "\u0664\u0661.1.1", "99999999999999999999.0.0"))
        .allSatisfy(name -> assertThat(VersionNumber.parse(name)).as(name).isEmpty());
  }
}
