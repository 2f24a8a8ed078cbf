package org.imagerelease.workflows.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.common.converter.DataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.imagerelease.workflows.ReleaseDataConverter;
import org.junit.jupiter.api.Test;

class GateSettingsTest {
  private static final List<String> TESTCASES = List.of("compose.cloud_autocloud");
  private static final DataConverter CONVERTER = ReleaseDataConverter.INSTANCE;

  @Test
  void pollsResultsDbOnlyWhenItWaitsForTestsAndHasAnInterval() {
    GateSettings tests = new GateSettings(GatePolicy.TESTS, Duration.ofHours(1), TESTCASES);

    assertThat(tests.pollsResultsDb()).isFalse();
    assertThat(tests.withPollInterval(Duration.ofMinutes(5)).pollsResultsDb()).isTrue();
    assertThat(new GateSettings(GatePolicy.APPROVAL, Duration.ofHours(1), List.of(), Duration.ofMinutes(5)).pollsResultsDb()).isFalse();
  }

  @Test
  void aPollIntervalMustBePositive() {
    GateSettings tests = new GateSettings(GatePolicy.TESTS, Duration.ofHours(1), TESTCASES);

    assertThatThrownBy(() -> tests.withPollInterval(Duration.ZERO)).hasMessageContaining("poll interval must be positive");
  }

  @Test
  void settingsWrittenBeforePollingExistedReadAsNoPolling() {
    byte[] old = "{\"policy\":\"TESTS\",\"timeout\":43200.000000000,\"requiredTestcases\":[\"compose.cloud_autocloud\"]}".getBytes(StandardCharsets.UTF_8);
    var payload =
        CONVERTER.toPayload(new GateSettings(GatePolicy.TESTS, Duration.ofHours(12), TESTCASES)).orElseThrow().toBuilder()
            .setData(ByteString.copyFrom(old))
            .build();

    GateSettings read = CONVERTER.fromPayload(payload, GateSettings.class, GateSettings.class);

    assertThat(read).isEqualTo(new GateSettings(GatePolicy.TESTS, Duration.ofHours(12), TESTCASES));
    assertThat(read.pollInterval()).isNull();
  }

  @Test
  void thePollIntervalTravelsWithTheRequest() {
    GateSettings polling = new GateSettings(GatePolicy.TESTS, Duration.ofHours(12), TESTCASES, Duration.ofMinutes(5));

    GateSettings read = CONVERTER.fromPayload(CONVERTER.toPayload(polling).orElseThrow(), GateSettings.class, GateSettings.class);

    assertThat(read).isEqualTo(polling);
  }
}
