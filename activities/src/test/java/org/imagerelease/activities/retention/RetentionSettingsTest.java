package org.imagerelease.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The published numbers, and settings that would empty the gallery refused. */
class RetentionSettingsTest {
  @Test
  void theDefaultsAreThePublishedPolicy() {
    assertThat(RetentionSettings.defaults())
        .isEqualTo(new RetentionSettings(7, 7, Duration.ofDays(7), "Rawhide"));
  }

  @Test
  void rawhideIsRecognisedInAnyCaseAnywhereInTheName() {
    RetentionSettings settings = RetentionSettings.defaults();

    assertThat(settings.isRawhide("Fedora-Cloud-Rawhide-x64")).isTrue();
    assertThat(settings.isRawhide("fedora-cloud-rawhide-arm64")).isTrue();
    assertThat(settings.isRawhide("FEDORA-RAWHIDE")).isTrue();
    assertThat(settings.isRawhide("Fedora-Cloud-41-x64")).isFalse();
  }

  @Test
  void keepingNothingOrNoAgeIsRefused() {
    assertThatThrownBy(() -> new RetentionSettings(0, 7, Duration.ofDays(7), "Rawhide"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excluded");
    assertThatThrownBy(() -> new RetentionSettings(7, 0, Duration.ofDays(7), "Rawhide"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Rawhide");
    assertThatThrownBy(() -> new RetentionSettings(7, 7, Duration.ZERO, "Rawhide"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("age");
    assertThatThrownBy(() -> new RetentionSettings(7, 7, Duration.ofDays(7), " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker");
  }
}
