package org.imagerelease.activities.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComposeVersionTest {

  @ParameterizedTest(name = "{0} -> release {1}, channel {2}")
  @CsvSource({
    "Fedora-41-20241027.0,           41, rc",
    "Fedora-41-20240911.n.0,         41, nightly",
    "Fedora-42-20250101.t.2,         42, test",
    "Fedora-42-20250101.ci.0,        42, ci",
    "Fedora-42-20250101.d.1,         42, development",
    "Fedora-Rawhide-20241028.n.1,      , rawhide",
    "Fedora-ELN-20250101.n.0,          , eln",
    "Fedora-IoT-41-20241027.0,       41, rc",
    "Fedora-41-updates-20241027.0,   41, rc",
    "Fedora-Container-Rawhide-20250101.n.0, , rawhide",
    "not-a-compose-id,                 , unknown",
  })
  void readsTheReleaseNumberAndChannelFromTheComposeId(String composeId, Integer release, String channel) {
    ComposeVersion version = ComposeVersion.of(composeId);

    assertThat(version.releaseNumber()).isEqualTo(release == null ? OptionalInt.empty() : OptionalInt.of(release));
    assertThat(version.channel()).isEqualTo(channel);
  }
}
