package org.imagerelease.activities.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UrlCredentialsTest {
  @Test
  void aUserAndPasswordAreTakenOutOfAUrlAndNothingElseChanges() {
    assertThat(UrlCredentials.removed("https://releng:s3cret@kojipkgs.example.org:8443/compose/41/x/compose"))
        .isEqualTo("https://kojipkgs.example.org:8443/compose/41/x/compose");
    assertThat(UrlCredentials.removed("http://token@host/c")).isEqualTo("http://host/c");
    assertThat(UrlCredentials.removed("http://u:p@ss@host/a@b")).as("an @ in the password").isEqualTo("http://host/a@b");
    assertThat(UrlCredentials.removed("https://host/path@with-at")).isEqualTo("https://host/path@with-at");
    assertThat(UrlCredentials.removed("/srv/composes/Fedora-41")).isEqualTo("/srv/composes/Fedora-41");
    assertThat(UrlCredentials.carried("https://u:p@host/")).isTrue();
    assertThat(UrlCredentials.carried("https://host/u:p@")).isFalse();
  }

  @Test
  void netrcGivesEachHostItsLoginAndTheDefaultToTheRest() {
    HostCredentials netrc =
        HostCredentials.parse(
            """
            machine kojipkgs.example.org
              login releng
              password s3cret
            machine other.example.org login bot password t0ken account ignored
            default login anonymous password guest
            """);

    assertThat(netrc.authorization("KOJIPKGS.example.org")).hasValue(basic("releng:s3cret"));
    assertThat(netrc.authorization("other.example.org")).hasValue(basic("bot:t0ken"));
    assertThat(netrc.authorization("elsewhere.example.org")).hasValue(basic("anonymous:guest"));
    assertThat(HostCredentials.parse("machine a login b password c").authorization("elsewhere")).isEmpty();
  }

  private static String basic(String userAndPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }
}
