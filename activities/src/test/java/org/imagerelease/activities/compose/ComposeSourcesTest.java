package org.imagerelease.activities.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imagerelease.activities.ReleaseException;
import org.imagerelease.workflows.ReleaseFailureTypes;
import org.junit.jupiter.api.Test;

class ComposeSourcesTest {
  private final ComposeSources fedora = ComposeSources.fedora();

  @Test
  void fedorasDefaultAcceptsItsComposeHostOnly() {
    assertThat(fedora.whyRefused("https://kojipkgs.fedoraproject.org/compose/41/Fedora-41-20241027.0/compose")).isEmpty();
    assertThat(fedora.whyRefused("https://KOJIPKGS.fedoraproject.org/compose/rawhide/x/compose")).as("host without case").isEmpty();

    assertThat(fedora.whyRefused("https://kojipkgs.example.org/compose/41/x/compose")).hasValueSatisfying(why ->
        assertThat(why).contains("not under an allowed compose location").contains("allowed_locations"));
    assertThat(fedora.whyRefused("http://kojipkgs.fedoraproject.org/compose/41/x/compose")).as("another scheme").isPresent();
    assertThat(fedora.whyRefused("https://kojipkgs.fedoraproject.org:8443/compose/x")).as("another port").isPresent();
    assertThat(fedora.whyRefused("https://kojipkgs.fedoraproject.org/compose/../../etc/x")).as("a path that leaves it").isPresent();
    assertThat(fedora.whyRefused("https://kojipkgs.fedoraproject.org/composeX/x")).isPresent();
    assertThat(fedora.whyRefused("https://kojipkgs.fedoraproject.org.evil.example/compose/x")).isPresent();
    assertThat(fedora.whyRefused("https://u:p@kojipkgs.fedoraproject.org/compose/x")).as("credentials in the URL").isPresent();
  }

  @Test
  void localComposesOnlyWhenAllowed() {
    assertThat(fedora.whyRefused("/srv/composes/Fedora-41/compose")).hasValueSatisfying(why -> assertThat(why).contains("allow_local_paths"));
    assertThat(fedora.whyRefused("file:///srv/composes/x")).isPresent();
    assertThat(new ComposeSources(List.of(), true).whyRefused("/srv/composes/x")).isEmpty();
    assertThat(new ComposeSources(List.of(), true).whyRefused("https://kojipkgs.fedoraproject.org/compose/x")).as("no URL allowed").isPresent();
    assertThat(ComposeSources.anywhere().whyRefused("http://127.0.0.1:8080/compose")).isEmpty();
    ComposeSources fedoraAndLocal = new ComposeSources(ComposeSources.FEDORA, true);
    assertThat(fedoraAndLocal.whyRefused("http://evil example/compose")).as("an http URL no URI parser reads is no local path").isPresent();
    assertThat(fedoraAndLocal.whyRefused("https://under_score.example/compose")).as("an http URL without a host").isPresent();
  }

  @Test
  void anAddressElsewhereIsATypedFailureNamingItWithoutCredentialsAndTheSettingToChange() {
    assertThatThrownBy(() -> fedora.requireAllowed("Image x.raw.xz", "https://releng:secret@mirror.example/compose/x.raw.xz"))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED))
        .hasMessage("Image x.raw.xz: the address 'https://mirror.example/compose/x.raw.xz' is not under an allowed compose location"
            + " [https://kojipkgs.fedoraproject.org/compose/] ([consumer_config.composes] allowed_locations), so it is not read");
    assertThatThrownBy(() -> fedora.requireAllowed("Compose X", "/srv/composes/X/compose"))
        .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.failureType()).isEqualTo(ReleaseFailureTypes.SOURCE_NOT_ALLOWED))
        .hasMessageContaining("'/srv/composes/X/compose' is not an http(s) URL")
        .hasMessageContaining("([consumer_config.composes] allow_local_paths)");

    fedora.requireAllowed("Image x.raw.xz", "https://kojipkgs.fedoraproject.org/compose/41/x/compose/Cloud/x.raw.xz");
    ComposeSources.localOnly().requireAllowed("Image x.raw", "file:///srv/composes/X/compose/x.raw");
    assertThatThrownBy(() -> ComposeSources.localOnly().requireAllowed("Image x.raw", "http://127.0.0.1:8080/x.raw"))
        .hasMessageContaining("allowed_locations");
  }

  @Test
  void anAllowedLocationMustBeAnHttpPrefixWithAHost() {
    assertThatThrownBy(() -> new ComposeSources(List.of("kojipkgs.fedoraproject.org/compose"), false)).hasMessageContaining("http(s) URL prefix");
    assertThatThrownBy(() -> new ComposeSources(List.of("file:///srv"), false)).hasMessageContaining("http(s) URL prefix");
  }
}
